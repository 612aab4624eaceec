import { describe, expect, it } from 'vitest';
import { addToHistogram, emptyHistogram, otsuThreshold } from './otsu.js';

describe('otsuThreshold', () => {
  it('splits a two-mode distribution between the modes', () => {
    const h = emptyHistogram(0, 1);
    addToHistogram(
      h,
      Float32Array.from({ length: 1000 }, (_, i) => 0.2 + (i % 10) * 0.005),
    );
    addToHistogram(
      h,
      Float32Array.from({ length: 300 }, (_, i) => 0.7 + (i % 10) * 0.005),
    );
    addToHistogram(h, [NaN, Infinity]);
    const t = otsuThreshold(h);
    expect(t).toBeGreaterThan(0.245);
    expect(t).toBeLessThan(0.7);
  });
});
