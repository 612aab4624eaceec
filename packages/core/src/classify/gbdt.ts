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

/** Change probability of every pixel of a window; `planes` are in the model's feature order. */
export function predictGbdt(model: GbdtModel, planes: readonly Float32Array[], n: number): Float32Array {
  const out = new Float32Array(n).fill(model.base);
  for (const tree of model.trees) {
    for (let i = 0; i < n; i++) {
      let node = tree[0]!;
      while (node.f >= 0) node = tree[planes[node.f]![i]! <= node.t ? node.l : node.r]!;
      out[i] = out[i]! + node.v;
    }
  }
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-out[i]!));
  return out;
}
