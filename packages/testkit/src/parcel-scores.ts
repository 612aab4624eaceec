/**
 * Parcel-level accuracy: flagged parcels against the parcels that truly violate. A parcel counts as
 * flagged when it has any flag of category `violation`; the type is right when one of its flags names
 * the true violation. Parcels listed as `unscored` (too little change to call) count neither way.
 */
export interface ParcelTruth {
  /** Parcel id -> its true violation (null: none). */
  readonly violations: ReadonlyMap<string, string | null>;
  readonly unscored: ReadonlySet<string>;
}

export interface ParcelScores {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Share of true positives whose flags name the right violation. */
  readonly typeAccuracy: number;
}

export interface FlagRow {
  readonly parcel_id: string | null;
  readonly violation: string;
  readonly category: string;
}

export function scoreParcels(flags: readonly FlagRow[], truth: ParcelTruth): ParcelScores {
  const flagged = new Map<string, Set<string>>();
  for (const f of flags) {
    if (f.category !== 'violation' || f.parcel_id === null || truth.unscored.has(f.parcel_id)) continue;
    const set = flagged.get(f.parcel_id) ?? new Set();
    set.add(f.violation);
    flagged.set(f.parcel_id, set);
  }
  let tp = 0;
  let fp = 0;
  let rightType = 0;
  for (const [id, kinds] of flagged) {
    const expected = truth.violations.get(id) ?? null;
    if (expected === null) fp++;
    else {
      tp++;
      if (kinds.has(expected)) rightType++;
    }
  }
  let positives = 0;
  for (const [id, v] of truth.violations) if (v !== null && !truth.unscored.has(id)) positives++;
  const fn = positives - tp;
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = positives ? tp / positives : 1;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    typeAccuracy: tp ? rightType / tp : 1,
  };
}
