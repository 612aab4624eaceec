import { describe, expect, it } from 'vitest';
import { averagePrecision } from './average-precision.js';

describe('averagePrecision', () => {
  it('is 1 for a perfect ranking and the mean precision at each positive otherwise', () => {
    expect(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    // Positives at ranks 1 and 3: (1/1 + 2/3) / 2.
    expect(averagePrecision([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo((1 + 2 / 3) / 2);
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBe(0);
  });

  it('takes tied scores as one step (as scikit-learn does)', () => {
    // All tied: precision is the share of positives.
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBeCloseTo(0.5);
  });
});
