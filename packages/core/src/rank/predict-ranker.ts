import { compileGbdt, type CompiledGbdt } from '../classify/gbdt.js';
import { rankColumns, type RankFlag } from './rank-columns.js';
import { startLogOdds, type RankModel } from './rank-model.js';

/** A column that moved a flag's probability, and by how much (log-odds; positive raises it). */
export interface RankReason {
  readonly column: string;
  readonly effect: number;
}

export interface RankPrediction {
  /** Calibrated probability that an inspector confirms the flag. */
  readonly probability: number;
  /** The columns that moved it most, largest first (at most three, fewer when fewer moved it). */
  readonly reasons: readonly RankReason[];
}

/** The trees end to end as typed arrays (compileGbdt's), with each node's expected value beside them. */
function flatten(model: RankModel): CompiledGbdt & { readonly expected: Float64Array } {
  const compiled = compileGbdt({ kind: 'gbdt', features: model.columns, base: model.base, trees: model.trees });
  return { ...compiled, expected: Float64Array.from(model.trees.flat(), (node) => node.e) };
}

/** The uncalibrated log-odds of flags under a model. */
export function rawLogOdds(model: RankModel, flags: readonly RankFlag[]): Float64Array {
  const columns = rankColumns(flags, model.rates);
  const { roots, feature, threshold, left, right, value } = flatten(model);
  const out = Float64Array.from(flags, (f) => model.base + startLogOdds(model.start, f.confidence));
  for (let i = 0; i < flags.length; i++) {
    let sum = out[i]!;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t]!;
      while (feature[node]! >= 0) node = columns[feature[node]!]![i]! <= threshold[node]! ? left[node]! : right[node]!;
      sum += value[node]!;
    }
    out[i] = sum;
  }
  return out;
}

/**
 * Each flag's calibrated probability of being confirmed and the (up to) `reasons` columns that moved it
 * most: along each tree's path, the change of expected value at a split is credited to the split's
 * column (Saabas), summed over the trees, the start's difference from its mean credited to confidence,
 * the violation columns' credits given to the flag's own violation, and scaled by the calibration's slope.
 */
export function predictRanker(model: RankModel, flags: readonly RankFlag[], reasons = 3): RankPrediction[] {
  const columns = rankColumns(flags, model.rates);
  const { roots, feature, threshold, left, right, value, expected } = flatten(model);
  const { a, b } = model.calibration;
  const credit = new Float64Array(model.columns.length);
  const confidenceColumn = model.columns.indexOf('confidence');
  const violationColumns = model.columns.flatMap((c, k) => (c.startsWith('violation:') ? [k] : []));
  return flags.map((flag, i) => {
    credit.fill(0);
    const start = startLogOdds(model.start, flag.confidence);
    credit[confidenceColumn] = start - model.start.mean;
    let logOdds = model.base + start;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t]!;
      while (feature[node]! >= 0) {
        const f = feature[node]!;
        const next = columns[f]![i]! <= threshold[node]! ? left[node]! : right[node]!;
        credit[f] = credit[f]! + expected[next]! - expected[node]!;
        node = next;
      }
      logOdds += value[node]!;
    }
    // The violation columns say one thing, the flag's violation: their credits go to its own column.
    const own = model.columns.indexOf(`violation:${flag.violation}`);
    if (own >= 0)
      for (const k of violationColumns)
        if (k !== own) {
          credit[own] = credit[own]! + credit[k]!;
          credit[k] = 0;
        }
    return { probability: 1 / (1 + Math.exp(-(a * logOdds + b))), reasons: largest(credit, reasons, model.columns, a) };
  });
}

/** The `count` largest credits by size (ties: the earlier column), zero credits left out. */
function largest(credit: Float64Array, count: number, names: readonly string[], scale: number): RankReason[] {
  const picked: number[] = [];
  for (let k = 0; k < count; k++) {
    let best = -1;
    for (let c = 0; c < credit.length; c++) {
      if (credit[c] === 0 || picked.includes(c)) continue;
      if (best < 0 || Math.abs(credit[c]!) > Math.abs(credit[best]!)) best = c;
    }
    if (best < 0) break;
    picked.push(best);
  }
  return picked.map((c) => ({ column: names[c]!, effect: credit[c]! * scale }));
}
