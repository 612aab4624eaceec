import { describe, expect, it } from 'vitest';
import { countChanges, minObjectPixels, objectScores, pixelScores } from './change-metrics.js';

describe('change metrics', () => {
  const w = 12;
  const truth = new Uint8Array(w * w);
  const pred = new Uint8Array(w * w);
  const box = (m: Uint8Array, c0: number, r0: number, c1: number, r1: number): void => {
    for (let r = r0; r < r1; r++) m.fill(1, r * w + c0, r * w + c1);
  };
  box(truth, 0, 0, 4, 4); // 16 px, found (12 of 16 predicted)
  box(truth, 8, 8, 12, 12); // 16 px, missed
  box(truth, 6, 0, 7, 2); // 2 px: below the object size, counts for pixels only
  box(pred, 0, 1, 4, 4); // 12 px, all true
  box(pred, 6, 5, 10, 7); // 8 px, all false
  it('counts pixels and objects as the data README defines them', () => {
    const c = countChanges(pred, truth, w, w, 2);
    expect(minObjectPixels(2)).toBe(5);
    expect(c).toEqual({
      tp: 12,
      fp: 8,
      fn: 22,
      trueObjects: 2,
      trueObjectsFound: 1,
      predictedObjects: 2,
      predictedObjectsRight: 1,
    });
    expect(pixelScores(c).precision).toBeCloseTo(12 / 20);
    expect(pixelScores(c).recall).toBeCloseTo(12 / 34);
    expect(objectScores(c).f1).toBeCloseTo(0.5);
  });
  it('a perfect prediction scores 1, an empty one 0', () => {
    expect(pixelScores(countChanges(truth, truth, w, w, 2)).f1).toBe(1);
    expect(objectScores(countChanges(new Uint8Array(w * w), truth, w, w, 2)).f1).toBe(0);
  });
});
