import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { ringsSelfIntersect, ringsSelfIntersectPairwise } from './self-intersects.js';

/** A closed ring of n corners on a circle. */
function circle(n: number, r = 1000, cx = 0, cy = 0): Position[] {
  const ring = Array.from(
    { length: n },
    (_, i): Position => [cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)],
  );
  return [...ring, ring[0]!];
}

describe('ringsSelfIntersect', () => {
  it('finds crossings, touching corners and holes that cross their outline, and nothing in simple rings', () => {
    expect(
      ringsSelfIntersect([
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
      ]),
    ).toBe(false);
    expect(
      ringsSelfIntersect([
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
          [0, 0],
        ],
      ]),
    ).toBe(true); // bow-tie
    expect(
      ringsSelfIntersect([
        [
          [0, 0],
          [4, 0],
          [2, 2],
          [4, 4],
          [0, 4],
          [2, 2],
          [0, 0],
        ],
      ]),
    ).toBe(true); // figure eight touching at a corner
    expect(
      ringsSelfIntersect([
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [2, 2],
          [4, 2],
          [4, 4],
          [2, 4],
          [2, 2],
        ],
      ]),
    ).toBe(false); // a hole inside
    expect(
      ringsSelfIntersect([
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [8, 2],
          [12, 2],
          [12, 4],
          [8, 4],
          [8, 2],
        ],
      ]),
    ).toBe(true); // a hole across the outline
    expect(ringsSelfIntersect([circle(1000)])).toBe(false);
  });

  it('agrees with a check of every pair of edges on random outlines', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let t = 0; t < 200; t++) {
      const n = 4 + Math.floor(random() * 8);
      const ring: Position[] = Array.from({ length: n }, () => [Math.round(random() * 20), Math.round(random() * 20)]);
      ring.push(ring[0]!);
      expect(ringsSelfIntersect([ring]), JSON.stringify(ring)).toBe(ringsSelfIntersectPairwise([ring]));
    }
  });

  it('decides dense outlines at any scale (longitude/latitude, metres), which isect alone loops on', () => {
    for (const [cx, cy, r] of [
      [44.95, 38.55, 0.0004],
      [0, 0, 0.0004],
      [497000, 4270000, 40],
    ] as const) {
      const ring = circle(5000, r, cx, cy);
      expect(ringsSelfIntersect([ring])).toBe(false);
      [ring[10], ring[11]] = [ring[11]!, ring[10]!];
      expect(ringsSelfIntersect([ring])).toBe(true);
    }
  });

  it('checks a 100,000-corner outline in about a second, where every pair of edges would take minutes', () => {
    const started = performance.now();
    expect(ringsSelfIntersect([circle(100_000)])).toBe(false);
    const twisted = circle(100_000);
    [twisted[10], twisted[11]] = [twisted[11]!, twisted[10]!]; // one small crossing
    expect(ringsSelfIntersect([twisted])).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000); // pairs: 5e9 tests
  });
});
