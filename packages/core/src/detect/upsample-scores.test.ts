import { describe, expect, it } from 'vitest';
import { upsampleScores } from './upsample-scores.js';

describe('upsampleScores', () => {
  it('reproduces a linear ramp exactly inside and keeps NaN gaps sharp', () => {
    const cw = 10;
    const coarse = Float32Array.from({ length: cw * 4 }, (_, k) => (k % cw) * 0.1);
    const fine = upsampleScores(coarse, cw, 2, 4, 20, 6, 4, 2, 2);
    // Full-res column c sits at coarse x = (c + 0.5) / 2 - 0.5.
    for (const c of [3, 8, 15]) expect(fine[c]).toBeCloseTo(((c + 0.5) / 2 - 0.5) * 0.1, 5);
    const gap = coarse.slice();
    gap.fill(NaN, 0, 5);
    gap.fill(NaN, cw, cw + 5);
    gap.fill(NaN, 2 * cw, 2 * cw + 5);
    gap.fill(NaN, 3 * cw, 3 * cw + 5);
    const cut = upsampleScores(gap, cw, 0, 4, 20, 0, 8, 2, 2);
    expect(Number.isNaN(cut[8]!)).toBe(true);
    expect(cut[10]).toBeCloseTo(0.5, 5);
    expect(cut[19]).toBeCloseTo(0.9, 5);
  });
});
