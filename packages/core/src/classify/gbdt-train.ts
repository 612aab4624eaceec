import type { GbdtModel, TreeNode } from './gbdt.js';

export interface GbdtParams {
  readonly trees: number;
  readonly depth: number;
  readonly learningRate: number;
  readonly bins: number;
  readonly minLeaf: number;
  readonly lambda: number;
  /** Fraction of the training pixels each tree sees (row subsampling; `subsample` as in the model file and XGBoost). */
  readonly subsample: number;
  readonly seed: number;
}

export const DEFAULT_GBDT_PARAMS: GbdtParams = {
  trees: 120,
  depth: 6,
  learningRate: 0.1,
  bins: 64,
  minLeaf: 50,
  lambda: 1,
  subsample: 0.7,
  seed: 1,
};

/** Training pixels: one column per feature (a value per pixel), labels 0/1, optional per-pixel weights. */
export interface TrainingSet {
  readonly features: readonly string[];
  readonly columns: readonly Float32Array[];
  readonly labels: Uint8Array;
  readonly weights?: Float32Array;
  /** A log-odds each example starts from (before `base` and the trees), as XGBoost's base_margin. */
  readonly offset?: Float64Array;
}

/** Bin edges from quantiles of a column's values; value <= edges[k] falls in bin k or lower. */
function binEdges(column: Float32Array, bins: number): Float32Array {
  const sorted = Float32Array.from(column).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sorted[Math.floor((k * sorted.length) / bins)]!;
    if (edges.length === 0 || v > edges.at(-1)!) edges.push(v);
  }
  return Float32Array.from(edges);
}

function binColumn(column: Float32Array, edges: Float32Array): Uint8Array {
  const out = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= edges[mid]!) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo;
  }
  return out;
}

interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly gain: number;
}

/**
 * Trains boosted trees with logistic loss: histogram splits on quantile bins, depth-wise growth,
 * L2-regularised Newton leaf values, row subsampling. Deterministic for a given seed.
 */
export function trainGbdt(
  set: TrainingSet,
  params: GbdtParams = DEFAULT_GBDT_PARAMS,
  onTree?: (done: number) => void,
): GbdtModel {
  const n = set.labels.length;
  const nf = set.columns.length;
  if (n === 0) throw new RangeError('no training pixels');
  const weights = set.weights ?? new Float32Array(n).fill(1);
  const edges = set.columns.map((c) => binEdges(c, params.bins));
  const binned = set.columns.map((c, f) => binColumn(c, edges[f]!));
  let wPos = 0;
  let wAll = 0;
  for (let i = 0; i < n; i++) {
    wAll += weights[i]!;
    if (set.labels[i]) wPos += weights[i]!;
  }
  const p0 = Math.min(1 - 1e-6, Math.max(1e-6, wPos / wAll));
  // With offsets the examples start from their own log-odds; the trees fit what the offsets leave.
  const base = set.offset ? 0 : Math.log(p0 / (1 - p0));
  const score = new Float64Array(n).fill(base);
  if (set.offset) for (let i = 0; i < n; i++) score[i] = score[i]! + set.offset[i]!;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  let seed = params.seed >>> 0 || 1;
  const random = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const trees: TreeNode[][] = [];
  const hist = new Float64Array(params.bins * 3);

  const bestSplit = (idx: Uint32Array): Split | null => {
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += grad[i]!;
      H += hess[i]!;
    }
    const parent = (G * G) / (H + params.lambda);
    let best: Split | null = null;
    for (let f = 0; f < nf; f++) {
      const bins = binned[f]!;
      const nb = edges[f]!.length + 1;
      hist.fill(0, 0, nb * 3);
      for (const i of idx) {
        const b = bins[i]! * 3;
        hist[b] = hist[b]! + grad[i]!;
        hist[b + 1] = hist[b + 1]! + hess[i]!;
        hist[b + 2] = hist[b + 2]! + 1;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hist[b * 3]!;
        hl += hist[b * 3 + 1]!;
        cl += hist[b * 3 + 2]!;
        const gr = G - gl;
        const hr = H - hl;
        if (cl < params.minLeaf || idx.length - cl < params.minLeaf) continue;
        const gain = (gl * gl) / (hl + params.lambda) + (gr * gr) / (hr + params.lambda) - parent;
        if (gain > 1e-9 && (best === null || gain > best.gain)) best = { feature: f, bin: b, gain };
      }
    }
    return best;
  };

  for (let t = 0; t < params.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-score[i]!));
      grad[i] = (p - set.labels[i]!) * weights[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-6) * weights[i]!;
    }
    const seen: number[] = [];
    for (let i = 0; i < n; i++) if (random() < params.subsample) seen.push(i);
    const nodes: TreeNode[] = [];
    const splitBins: number[] = [];
    const grow = (idx: Uint32Array, depth: number): number => {
      const at = nodes.length;
      nodes.push({ f: -1, t: 0, l: 0, r: 0, v: 0 });
      splitBins.push(-1);
      const split = depth < params.depth && idx.length >= 2 * params.minLeaf ? bestSplit(idx) : null;
      if (split === null) {
        let G = 0;
        let H = 0;
        for (const i of idx) {
          G += grad[i]!;
          H += hess[i]!;
        }
        nodes[at] = { f: -1, t: 0, l: 0, r: 0, v: (-G / (H + params.lambda)) * params.learningRate };
        return at;
      }
      const bins = binned[split.feature]!;
      const left = idx.filter((i) => bins[i]! <= split.bin);
      const right = idx.filter((i) => bins[i]! > split.bin);
      const l = grow(left, depth + 1);
      const r = grow(right, depth + 1);
      nodes[at] = { f: split.feature, t: edges[split.feature]![split.bin]!, l, r, v: 0 };
      splitBins[at] = split.bin;
      return at;
    };
    grow(Uint32Array.from(seen), 0);
    // Apply the tree to every training pixel (not only those it saw) by its bins, consistent with thresholds.
    for (let i = 0; i < n; i++) {
      let at = 0;
      while (nodes[at]!.f >= 0) at = binned[nodes[at]!.f]![i]! <= splitBins[at]! ? nodes[at]!.l : nodes[at]!.r;
      score[i] = score[i]! + nodes[at]!.v;
    }
    trees.push(nodes);
    onTree?.(t + 1);
  }
  return { kind: 'gbdt', features: set.features, base, trees };
}
