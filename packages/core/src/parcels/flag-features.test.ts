import { describe, expect, it } from 'vitest';
import type { ChangeRegion } from '../detect/change-region.js';
import { FLAG_FEATURE_NAMES, measureFlag } from './flag-features.js';

const square = (x0: number, y0: number, size: number): number[][][] => [
  [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ],
];
const region = (id: number, areaM2: number, score: number, greenChange = 0): ChangeRegion => ({
  id,
  areaM2,
  score,
  kind: 'new',
  evidence: { scoreMax: score + 0.1, aboveThresholdShare: 0.8, greenChange, brightChange: 0.2 },
  polygons: [],
  bbox: [0, 0, 1, 1],
});
// A 40 x 40 px parcel at 0.5 m (400 m2).
const parcelPx = { type: 'Polygon' as const, coordinates: square(0, 0, 40) };

describe('measureFlag', () => {
  it('measures a house in the middle of its parcel', () => {
    const f = measureFlag({
      evidencePx: [square(10, 10, 20)],
      parcelPx,
      regions: [{ region: region(1, 100, 0.7), inFlagM2: 100 }],
      pixelAreaM2: 0.25,
      permittedAreaM2: 50,
      newM2: 100,
      removedM2: 0,
    });
    expect(Object.keys(f)).toEqual([...FLAG_FEATURE_NAMES]);
    expect(f).toMatchObject({ area_m2: 100, parcel_changed_share: 0.25, outside_share: 0, permitted_ratio: 0.5 });
    expect(f.edge_distance_m).toBeCloseTo(10);
    expect(f.score_mean).toBeCloseTo(0.7);
    expect(f.score_max).toBeCloseTo(0.8);
    expect(f.removed_share).toBe(0);
    expect(f.elongation).toBeCloseTo(0);
  });

  it("tells change spilling over from a neighbour's roof: most of the region outside, near the edge", () => {
    const f = measureFlag({
      evidencePx: [square(38, 10, 2)],
      parcelPx,
      regions: [{ region: region(1, 100, 0.9), inFlagM2: 1 }],
      pixelAreaM2: 0.25,
      permittedAreaM2: null,
      newM2: 1,
      removedM2: 0,
    });
    expect(f.outside_share).toBeCloseTo(0.99);
    expect(f.edge_distance_m!).toBeLessThan(1);
    expect(f.permitted_ratio).toBeNull();
  });

  it('weights the regions by their area in the flag, and gives change off every parcel no parcel measures', () => {
    const f = measureFlag({
      evidencePx: [square(50, 50, 10)],
      parcelPx: null,
      regions: [
        { region: region(1, 30, 0.4, -0.2), inFlagM2: 30 },
        { region: region(2, 10, 0.8, 0.2), inFlagM2: 10 },
      ],
      pixelAreaM2: 0.25,
      permittedAreaM2: null,
      newM2: 40,
      removedM2: 0,
    });
    expect(f.score_mean).toBeCloseTo(0.5);
    expect(f.green_change).toBeCloseTo(-0.1);
    expect(f.score_max).toBeCloseTo(0.9);
    expect([f.parcel_changed_share, f.edge_distance_m]).toEqual([null, null]);
  });
});
