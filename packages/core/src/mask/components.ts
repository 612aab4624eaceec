import type { RunMask } from './run-mask.js';

/** One 8-connected component of a RunMask. */
export interface Component {
  readonly id: number;
  readonly areaPx: number;
  /** Bounding box in pixels: [col0, row0, col1, row1) (end exclusive). */
  readonly bbox: readonly [number, number, number, number];
  /** Its runs: [row, start, end] triples. */
  readonly runs: Int32Array;
}

/**
 * 8-connected components of a RunMask by union-find over runs: two runs in neighbouring rows
 * belong together when they overlap or touch diagonally.
 */
export function findComponents(mask: RunMask): Component[] {
  const runRow: number[] = [];
  const runStart: number[] = [];
  const runEnd: number[] = [];
  const parent: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  let prevFirst = 0;
  let prevCount = 0;
  for (let r = 0; r < mask.height; r++) {
    const runs = mask.rows[r]!;
    const first = runRow.length;
    let j = prevFirst;
    for (let k = 0; k < runs.length; k += 2) {
      const id = runRow.length;
      const [s, e] = [runs[k]!, runs[k + 1]!];
      runRow.push(r);
      runStart.push(s);
      runEnd.push(e);
      parent.push(id);
      // Previous-row runs that end before this one starts (minus the diagonal) cannot touch it or later ones.
      while (j < prevFirst + prevCount && runEnd[j]! < s) j++;
      for (let q = j; q < prevFirst + prevCount && runStart[q]! <= e; q++) {
        const [a, b] = [find(id), find(q)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    prevFirst = first;
    prevCount = runRow.length - first;
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < runRow.length; i++) {
    const root = find(i);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(i);
  }
  const components: Component[] = [];
  for (const list of byRoot.values()) {
    let area = 0;
    let [c0, r0, c1, r1] = [Infinity, Infinity, -Infinity, -Infinity];
    const runs = new Int32Array(list.length * 3);
    list.forEach((i, k) => {
      area += runEnd[i]! - runStart[i]!;
      c0 = Math.min(c0, runStart[i]!);
      c1 = Math.max(c1, runEnd[i]!);
      r0 = Math.min(r0, runRow[i]!);
      r1 = Math.max(r1, runRow[i]! + 1);
      runs.set([runRow[i]!, runStart[i]!, runEnd[i]!], k * 3);
    });
    components.push({ id: components.length + 1, areaPx: area, bbox: [c0, r0, c1, r1], runs });
  }
  return components;
}

/** A RunMask holding only the given components. */
export function runMaskOf(components: readonly Component[], width: number, height: number): RunMask {
  const perRow: number[][] = Array.from({ length: height }, () => []);
  for (const c of components)
    for (let k = 0; k < c.runs.length; k += 3) perRow[c.runs[k]!]!.push(c.runs[k + 1]!, c.runs[k + 2]!);
  return {
    width,
    height,
    rows: perRow.map((runs) => {
      const pairs: [number, number][] = [];
      for (let k = 0; k < runs.length; k += 2) pairs.push([runs[k]!, runs[k + 1]!]);
      return Int32Array.from(pairs.sort((a, b) => a[0] - b[0]).flat());
    }),
  };
}
