import { describe, expect, it } from 'vitest';
import { applyNormalisation, fitNormalisation, percentileStretch } from './normalise.js';

describe('fitNormalisation', () => {
  it('recovers gain and offset per band despite 30% changed pixels', () => {
    let s = 5;
    const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const n = 20000;
    const before = [new Float32Array(n), new Float32Array(n)];
    const after = [new Float32Array(n), new Float32Array(n)];
    for (let i = 0; i < n; i++) {
      const changed = i % 10 < 3;
      for (let b = 0; b < 2; b++) {
        const v = 50 + rnd() * 150;
        before[b]![i] = v + (rnd() - 0.5) * 2;
        const truth = changed ? 255 - v : v;
        after[b]![i] = (truth - [10, -5][b]!) / [1.3, 0.8][b]!; // before = gain * after + offset
      }
    }
    before[0]![7] = NaN;
    const norm = fitNormalisation(before, after);
    expect(norm.bands[0]!.gain).toBeCloseTo(1.3, 1);
    expect(norm.bands[0]!.offset).toBeCloseTo(10, 0);
    expect(norm.bands[1]!.gain).toBeCloseTo(0.8, 1);
    expect(norm.bands[1]!.offset).toBeCloseTo(-5, 0);
    const mapped = applyNormalisation(after, norm);
    expect(Math.abs(mapped[0]![5]! - before[0]![5]!)).toBeLessThan(2);
  });
  it('stretches by the 2nd and 98th percentiles', () => {
    const band = Float32Array.from({ length: 1000 }, (_, i) => i);
    expect(percentileStretch([band])).toEqual({ low: 20, high: 980 });
  });
});
