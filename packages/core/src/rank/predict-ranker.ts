import { rankColumns, type RankFlag } from './rank-columns.js';
import type { RankModel } from './rank-model.js';

/** A column that moved a flag's probability, and by how much (log-odds; positive raises it). */
export interface RankReason {
  readonly column: string;
  readonly effect: number;
}

export interface RankPrediction {
  /** Calibrated probability that an inspector confirms the flag. */
  readonly probability: number;
  /** The columns that moved it most, largest first (at most three). */
  readonly reasons: readonly RankReason[];
}

/** The uncalibrated log-odds of flags under a model. */
export function rawLogOdds(model: RankModel, flags: readonly RankFlag[]): Float64Array {
  const columns = rankColumns(flags, model.rates);
  const out = Float64Array.from(flags, (f) => model.base + model.start.a * f.confidence + model.start.b);
  for (const tree of model.trees)
    for (let i = 0; i < flags.length; i++) {
      let at = 0;
      while (tree[at]!.f >= 0) at = columns[tree[at]!.f]![i]! <= tree[at]!.t ? tree[at]!.l : tree[at]!.r;
      out[i] = out[i]! + tree[at]!.v;
    }
  return out;
}

/**
 * Each flag's calibrated probability of being confirmed and the three columns that moved it most:
 * along each tree's path, the change of expected value at a split is credited to the split's column
 * (Saabas), summed over the trees, the start's difference from its mean credited to confidence,
 * and scaled by the calibration's slope.
 */
export function predictRanker(model: RankModel, flags: readonly RankFlag[], reasons = 3): RankPrediction[] {
  const columns = rankColumns(flags, model.rates);
  const { a, b } = model.calibration;
  const credit = new Float64Array(model.columns.length);
  const confidenceColumn = model.columns.indexOf('confidence');
  return flags.map((flag, i) => {
    credit.fill(0);
    const start = model.start.a * flag.confidence + model.start.b;
    credit[confidenceColumn] = start - model.start.mean;
    let logOdds = model.base + start;
    for (const tree of model.trees) {
      let at = 0;
      while (tree[at]!.f >= 0) {
        const node = tree[at]!;
        const next = columns[node.f]![i]! <= node.t ? node.l : node.r;
        credit[node.f] = credit[node.f]! + tree[next]!.e - node.e;
        at = next;
      }
      logOdds += tree[at]!.v;
    }
    const top = Array.from(credit, (effect, column) => ({ column, effect: effect * a }))
      .filter((r) => r.effect !== 0)
      .sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect) || x.column - y.column)
      .slice(0, reasons)
      .map((r) => ({ column: model.columns[r.column]!, effect: r.effect }));
    return { probability: 1 / (1 + Math.exp(-(a * logOdds + b))), reasons: top };
  });
}
