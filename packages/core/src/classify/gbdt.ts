/**
 * Gradient-boosted decision trees for per-pixel change probability: the learned model of
 * `payesh train`, stored as plain JSON.
 */
export interface TreeNode {
  /** Feature index; -1 for a leaf. */
  readonly f: number;
  /** Go left when value <= t. */
  readonly t: number;
  readonly l: number;
  readonly r: number;
  /** Leaf value (log-odds contribution); 0 for inner nodes. */
  readonly v: number;
}

export interface GbdtModel {
  readonly kind: 'gbdt';
  readonly features: readonly string[];
  /** Log-odds before any tree. */
  readonly base: number;
  readonly trees: readonly (readonly TreeNode[])[];
}

/** The trees as flat typed arrays (one entry per node, all trees end to end) for fast prediction. */
export interface CompiledGbdt {
  readonly base: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

export function compileGbdt(model: GbdtModel): CompiledGbdt {
  const total = model.trees.reduce((s, t) => s + t.length, 0);
  const c = {
    base: model.base,
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
  };
  let at = 0;
  model.trees.forEach((tree, t) => {
    c.roots[t] = at;
    tree.forEach((node, k) => {
      c.feature[at + k] = node.f;
      c.threshold[at + k] = node.t;
      c.left[at + k] = at + node.l;
      c.right[at + k] = at + node.r;
      c.value[at + k] = node.v;
    });
    at += tree.length;
  });
  return c;
}

/** Change probability of every pixel of a window; `planes` are in the model's feature order. */
export function predictGbdt(model: GbdtModel | CompiledGbdt, planes: readonly Float32Array[], n: number): Float32Array {
  const c = 'roots' in model ? model : compileGbdt(model);
  const { roots, feature, threshold, left, right, value } = c;
  const sum = new Float64Array(n).fill(c.base);
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t]!;
    for (let i = 0; i < n; i++) {
      let node = root;
      let f = feature[node]!;
      while (f >= 0) {
        node = planes[f]![i]! <= threshold[node]! ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      sum[i] = sum[i]! + value[node]!;
    }
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-sum[i]!));
  return out;
}
