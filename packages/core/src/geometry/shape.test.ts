import { describe, expect, it } from 'vitest';
import { distanceToEdges, measureShape } from './shape.js';

const rect = (x0: number, y0: number, x1: number, y1: number, clockwise = false): number[][] => {
  const ring = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  return clockwise ? ring.reverse() : ring;
};

describe('measureShape', () => {
  it('measures a square whatever its winding: area, perimeter, centroid, no elongation', () => {
    for (const clockwise of [false, true]) {
      const s = measureShape([[rect(0, 0, 10, 10, clockwise)]]);
      expect(s.area).toBeCloseTo(100);
      expect(s.perimeter).toBeCloseTo(40);
      expect(s.centroid[0]).toBeCloseTo(5);
      expect(s.centroid[1]).toBeCloseTo(5);
      expect(s.compactness).toBeCloseTo(Math.PI / 4);
      expect(s.elongation).toBeCloseTo(0);
      expect([s.holes, s.parts]).toEqual([0, 1]);
    }
  });

  it('finds a strip elongated and a holed square with its hole taken out', () => {
    const strip = measureShape([[rect(0, 0, 40, 2)]]);
    expect(strip.elongation).toBeCloseTo(1 - 2 / 40);
    expect(strip.compactness).toBeLessThan(0.2);
    // The hole wound like the outer ring, or against it: the same answer.
    for (const clockwise of [false, true]) {
      const holed = measureShape([[rect(0, 0, 10, 10), rect(4, 4, 6, 6, clockwise)]]);
      expect(holed.area).toBeCloseTo(96);
      expect(holed.perimeter).toBeCloseTo(48);
      expect(holed.holes).toBe(1);
    }
    const two = measureShape([[rect(0, 0, 2, 2)], [rect(8, 0, 10, 2)]]);
    expect([two.area, two.parts]).toEqual([8, 2]);
    expect(two.centroid[0]).toBeCloseTo(5);
  });

  it('gives nothing for nothing', () => {
    expect(measureShape([])).toMatchObject({ area: 0, compactness: 0, elongation: 0, parts: 0 });
  });
});

describe('distanceToEdges', () => {
  it('is the distance to the nearest edge, inside or out', () => {
    const square = [[rect(0, 0, 10, 10)]];
    expect(distanceToEdges([5, 5], square)).toBeCloseTo(5);
    expect(distanceToEdges([2, 5], square)).toBeCloseTo(2);
    expect(distanceToEdges([13, 14], square)).toBeCloseTo(5);
  });
});
