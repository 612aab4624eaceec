import { describe, expect, it } from 'vitest';
import type { FlagFeatures } from '../parcels/flag-features.js';
import { averagePrecision } from './average-precision.js';
import { fitRanker } from './fit-ranker.js';
import { fitPlatt } from './platt.js';
import { predictRanker } from './predict-ranker.js';
import type { RankFlag } from './rank-columns.js';

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Flags where a removed tree (green_change below zero) is what inspectors dismiss, and confidence
 * says little: `truthShare` of them are real. Confidence in [lo, hi).
 */
function flags(
  n: number,
  seed: number,
  truthShare = 0.6,
  [lo, hi] = [0.5, 1],
): { flags: RankFlag[]; labels: Uint8Array } {
  const rnd = random(seed);
  const labels = new Uint8Array(n);
  const list = Array.from({ length: n }, (_, i): RankFlag => {
    const real = rnd() < truthShare;
    labels[i] = real ? 1 : 0;
    const features: FlagFeatures = {
      score_mean: 0.5 + rnd() / 2,
      score_max: 1,
      score_above_share: rnd(),
      area_m2: 30 + rnd() * 300,
      compactness: rnd(),
      elongation: rnd(),
      holes: rnd() < 0.1 ? 1 : 0,
      parts: 1,
      parcel_changed_share: rnd(),
      outside_share: rnd() / 3,
      edge_distance_m: rnd() * 8,
      permitted_ratio: rnd() < 0.5 ? null : rnd() * 2,
      removed_share: 0,
      green_change: real ? rnd() * 0.1 - 0.02 : -0.04 - rnd() * 0.1,
      bright_change: rnd() - 0.5,
    };
    return {
      confidence: lo + rnd() * (hi - lo),
      violation: rnd() < 0.5 ? 'no-permit' : 'exceeds-permit',
      district: `d${i % 4}`,
      features,
    };
  });
  return { flags: list, labels };
}

describe('fitRanker', () => {
  it('learns what inspectors decide that the original order does not show, and validates it in k-fold', () => {
    const train = flags(200, 1);
    const fit = fitRanker(
      train.flags,
      train.labels,
      train.flags.map((f) => f.confidence),
    );
    expect(fit.reason).toBeNull();
    expect(fit.validation).toMatchObject({ decided: 200, folds: 5 });
    expect(fit.validation!.averagePrecision).toBeGreaterThan(0.9);
    expect(fit.validation!.baselineAveragePrecision).toBeLessThan(0.75);

    // On flags it never saw: the ranking is nearly perfect and the probabilities are calibrated.
    const test = flags(400, 2, 0.3);
    const predicted = predictRanker(fit.model!, test.flags);
    expect(
      averagePrecision(
        predicted.map((p) => p.probability),
        test.labels,
      ),
    ).toBeGreaterThan(0.9);
    const meanOf = (label: number) => {
      const p = predicted.filter((_, i) => test.labels[i] === label).map((x) => x.probability);
      return p.reduce((s, v) => s + v, 0) / p.length;
    };
    expect(meanOf(1)).toBeGreaterThan(0.8);
    expect(meanOf(0)).toBeLessThan(0.2);
    // Each says why, the vegetation change first for most.
    expect(predicted.every((p) => p.reasons.length > 0 && p.reasons.length <= 3)).toBe(true);
    expect(predicted.filter((p) => p.reasons[0]!.column === 'green_change').length).toBeGreaterThan(300);
    const dismissed = predicted.find((_, i) => test.labels[i] === 0)!;
    expect(dismissed.reasons.find((r) => r.column === 'green_change')!.effect).toBeLessThan(0);
  });

  it('is deterministic', () => {
    const train = flags(120, 3);
    const a = fitRanker(
      train.flags,
      train.labels,
      train.flags.map((f) => f.confidence),
    );
    const b = fitRanker(
      train.flags,
      train.labels,
      train.flags.map((f) => f.confidence),
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('fits nothing without 5 decisions of each kind, and says so', () => {
    const train = flags(30, 4, 0.95);
    const confirmed = train.labels.reduce((s, v) => s + v, 0);
    const fit = fitRanker(
      train.flags,
      train.labels,
      train.flags.map((f) => f.confidence),
    );
    expect(fit).toEqual({
      model: null,
      validation: null,
      reason: `needs at least 5 confirmed and 5 dismissed flags (has ${confirmed} and ${30 - confirmed})`,
    });
  });

  it('keeps flags unlike any decided one in their original order (the start follows confidence)', () => {
    // Decided: the top of the queue, where higher confidence is more often real.
    const rnd = random(5);
    const train = flags(150, 6, 0.5, [0.6, 1]);
    const labels = Uint8Array.from(train.flags, (f) => (rnd() < f.confidence - 0.3 ? 1 : 0));
    const fit = fitRanker(
      train.flags,
      labels,
      train.flags.map((f) => f.confidence),
    );
    expect(fit.model!.start.a).toBeGreaterThan(0);
    // Pending far below every decided confidence, otherwise alike: the order is the confidence order.
    const base = train.flags[0]!;
    const low = [0.1, 0.2, 0.3, 0.4].map((confidence) => ({ ...base, confidence }));
    const p = predictRanker(fit.model!, low).map((x) => x.probability);
    expect(p).toEqual([...p].sort((x, y) => x - y));
    expect(new Set(p).size).toBe(4);
  });
});

describe('the reasons', () => {
  it("gives the credit of the violation columns to the flag's own violation", () => {
    const train = flags(200, 9);
    const labels = Uint8Array.from(train.flags, (f) => (f.violation === 'no-permit' ? 1 : 0));
    const fit = fitRanker(
      train.flags,
      labels,
      train.flags.map((f) => f.confidence),
    );
    const [noPermit, exceeds] = predictRanker(fit.model!, [
      { ...train.flags[0]!, violation: 'no-permit' },
      { ...train.flags[0]!, violation: 'exceeds-permit' },
    ]);
    expect(noPermit!.reasons[0]).toMatchObject({ column: 'violation:no-permit' });
    expect(noPermit!.reasons[0]!.effect).toBeGreaterThan(0);
    expect(exceeds!.reasons[0]).toMatchObject({ column: 'violation:exceeds-permit' });
    expect(exceeds!.reasons[0]!.effect).toBeLessThan(0);
    for (const p of [noPermit!, exceeds!])
      expect(p.reasons.filter((r) => r.column.startsWith('violation:'))).toHaveLength(1);
  });
});

describe('fitPlatt', () => {
  it('keeps a finite slope on separable scores and maps them into (0, 1)', () => {
    const scores = [-3, -2, -1, 1, 2, 3];
    const labels = [0, 0, 0, 1, 1, 1];
    const { a, b } = fitPlatt(scores, labels);
    expect(Number.isFinite(a) && a > 0 && a < 20).toBe(true);
    const p = scores.map((s) => 1 / (1 + Math.exp(-(a * s + b))));
    expect(p.every((x) => x > 0 && x < 1)).toBe(true);
    expect(p[3]!).toBeGreaterThan(0.5);
    expect(p[2]!).toBeLessThan(0.5);
  });
});
