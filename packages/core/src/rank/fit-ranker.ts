import type { GbdtModel } from '../classify/gbdt.js';
import { trainGbdt, type GbdtParams } from '../classify/gbdt-train.js';
import { averagePrecision } from './average-precision.js';
import { fitPlatt } from './platt.js';
import { categoryRates, RANK_COLUMNS, rankColumns, type RankFlag } from './rank-columns.js';
import { startLogOdds, type RankModel, type RankTreeNode, type RankValidation } from './rank-model.js';
import { rawLogOdds } from './predict-ranker.js';

/** Small trees for a few hundred decisions: shallow, with small leaves, and not many. */
export const RANK_GBDT_PARAMS: GbdtParams = {
  trees: 80,
  depth: 3,
  learningRate: 0.1,
  bins: 32,
  minLeaf: 5,
  lambda: 1,
  subsample: 0.8,
  seed: 17,
};

/** Fewest decisions of each kind a model is fitted on. */
export const MIN_PER_CLASS = 5;

export interface RankFit {
  /** Null when there are too few decisions (see `reason`). */
  readonly model: RankModel | null;
  readonly validation: RankValidation | null;
  readonly reason: string | null;
}

export interface FitRankerOptions {
  readonly folds?: number;
  readonly params?: Partial<GbdtParams>;
}

/**
 * Fits the ranker on decided flags (label 1 confirmed, 0 dismissed) and validates it in stratified
 * k-fold: the average precision of the out-of-fold probabilities against that of `current`, the
 * order the flags were in (higher first). Deterministic.
 */
export function fitRanker(
  flags: readonly RankFlag[],
  labels: Uint8Array,
  current: ArrayLike<number>,
  options: FitRankerOptions = {},
): RankFit {
  const params = { ...RANK_GBDT_PARAMS, ...options.params };
  const confirmed = labels.reduce((s, v) => s + v, 0);
  const dismissed = labels.length - confirmed;
  if (confirmed < MIN_PER_CLASS || dismissed < MIN_PER_CLASS)
    return {
      model: null,
      validation: null,
      reason: `needs at least ${MIN_PER_CLASS} confirmed and ${MIN_PER_CLASS} dismissed flags (has ${confirmed} and ${dismissed})`,
    };
  const folds = Math.min(options.folds ?? 5, confirmed, dismissed);
  const fold = stratifiedFolds(labels, folds, params.seed);
  const outOfFold = new Float64Array(labels.length);
  for (let k = 0; k < folds; k++) {
    const train = indicesWhere(fold, (f) => f !== k);
    const test = indicesWhere(fold, (f) => f === k);
    const fitted = trainOn(pick(flags, train), pick(labels, train), params);
    const logOdds = rawLogOdds(fitted, pick(flags, test));
    test.forEach((i, j) => (outOfFold[i] = logOdds[j]!));
  }
  const validation: RankValidation = {
    decided: labels.length,
    confirmed,
    folds,
    averagePrecision: averagePrecision(outOfFold, labels),
    baselineAveragePrecision: averagePrecision(current, labels),
  };
  const model = { ...trainOn(flags, labels, params), calibration: fitPlatt(outOfFold, labels) };
  return { model, validation, reason: null };
}

function trainOn(flags: readonly RankFlag[], labels: Uint8Array, params: GbdtParams): RankModel {
  const rates = categoryRates(flags, labels);
  const columns = rankColumns(flags, rates, labels);
  const confidence = flags.map((f) => f.confidence);
  const { a, b } = fitPlatt(confidence, labels);
  const start = { a, b, mean: 0 };
  const offset = Float64Array.from(confidence, (c) => startLogOdds(start, c));
  const gbdt = trainGbdt({ features: RANK_COLUMNS, columns, labels, offset }, params);
  return {
    kind: 'flag-ranker',
    format: 1,
    columns: RANK_COLUMNS,
    rates,
    start: { ...start, mean: offset.reduce((s, v) => s + v, 0) / offset.length },
    base: gbdt.base,
    trees: withExpectations(gbdt, columns),
    calibration: { a: 1, b: 0 },
    trainedOn: { decided: labels.length, confirmed: labels.reduce((s, v) => s + v, 0) },
  };
}

/** Each node's mean leaf value over the training flags that reach it (Saabas' attribution needs them). */
function withExpectations(gbdt: GbdtModel, columns: readonly Float32Array[]): RankTreeNode[][] {
  const n = columns[0]!.length;
  return gbdt.trees.map((tree) => {
    const cover = new Float64Array(tree.length);
    const sum = new Float64Array(tree.length);
    for (let i = 0; i < n; i++) {
      const path: number[] = [];
      let at = 0;
      while (tree[at]!.f >= 0) {
        path.push(at);
        at = columns[tree[at]!.f]![i]! <= tree[at]!.t ? tree[at]!.l : tree[at]!.r;
      }
      path.push(at);
      for (const p of path) {
        cover[p] = cover[p]! + 1;
        sum[p] = sum[p]! + tree[at]!.v;
      }
    }
    return tree.map((node, k) => ({ ...node, e: cover[k]! > 0 ? sum[k]! / cover[k]! : node.v }));
  });
}

function stratifiedFolds(labels: Uint8Array, folds: number, seed: number): Int32Array {
  let s = seed >>> 0 || 1;
  const random = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const fold = new Int32Array(labels.length);
  for (const label of [0, 1]) {
    const members = indicesWhere(labels, (v) => v === label);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    members.forEach((m, k) => (fold[m] = k % folds));
  }
  return fold;
}

function indicesWhere(values: ArrayLike<number>, test: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (test(values[i]!)) out.push(i);
  return out;
}

function pick<T>(values: readonly T[], at: readonly number[]): T[];
function pick(values: Uint8Array, at: readonly number[]): Uint8Array;
function pick<T>(values: readonly T[] | Uint8Array, at: readonly number[]): T[] | Uint8Array {
  return values instanceof Uint8Array ? Uint8Array.from(at, (i) => values[i]!) : at.map((i) => values[i]!);
}
