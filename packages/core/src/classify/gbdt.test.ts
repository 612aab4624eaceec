import { describe, expect, it } from 'vitest';
import { compileGbdt, predictGbdt, type GbdtModel } from './gbdt.js';
import { trainGbdt } from './gbdt-train.js';

function dataset(n: number, seed: number): { columns: Float32Array[]; labels: Uint8Array } {
  let s = seed;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const columns = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y, noise] = [rnd(), rnd(), rnd()];
    columns[0]![i] = x;
    columns[1]![i] = y;
    columns[2]![i] = noise;
    labels[i] = (x > 0.6 && y < 0.5) || (x < 0.2 && y > 0.8) ? 1 : 0;
  }
  return { columns, labels };
}

describe('gradient-boosted trees', () => {
  it('learn an interaction rule and predict held-out points, ignoring the noise feature', () => {
    const train = dataset(6000, 3);
    const model = trainGbdt(
      { features: ['x', 'y', 'noise'], ...train },
      { trees: 40, depth: 3, learningRate: 0.3, bins: 32, minLeaf: 10, lambda: 1, subsample: 0.8, seed: 5 },
    );
    const test = dataset(3000, 99);
    const p = predictGbdt(model, test.columns, 3000);
    let correct = 0;
    for (let i = 0; i < 3000; i++) if ((p[i]! > 0.5 ? 1 : 0) === test.labels[i]) correct++;
    expect(correct / 3000).toBeGreaterThan(0.97);
    const used = new Set(model.trees.flatMap((t) => t.filter((node) => node.f >= 0).map((node) => node.f)));
    expect(used.has(0) && used.has(1)).toBe(true);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
  it('is deterministic for a seed', () => {
    const train = dataset(2000, 4);
    const params = { trees: 5, depth: 3, learningRate: 0.3, bins: 16, minLeaf: 10, lambda: 1, subsample: 0.5, seed: 7 };
    expect(trainGbdt({ features: ['x', 'y', 'n'], ...train }, params)).toEqual(
      trainGbdt({ features: ['x', 'y', 'n'], ...train }, params),
    );
  });
  it('compiled prediction equals walking the JSON trees', () => {
    const train = dataset(3000, 8);
    const model: GbdtModel = trainGbdt(
      { features: ['x', 'y', 'n'], ...train },
      { trees: 15, depth: 4, learningRate: 0.3, bins: 32, minLeaf: 10, lambda: 1, subsample: 0.8, seed: 2 },
    );
    const test = dataset(500, 77);
    const walk = (i: number): number => {
      let logit = model.base;
      for (const tree of model.trees) {
        let node = tree[0]!;
        while (node.f >= 0) node = tree[test.columns[node.f]![i]! <= node.t ? node.l : node.r]!;
        logit += node.v;
      }
      return 1 / (1 + Math.exp(-logit));
    };
    const got = predictGbdt(compileGbdt(model), test.columns, 500);
    for (let i = 0; i < 500; i++) expect(got[i]).toBeCloseTo(walk(i), 6);
  });
});
