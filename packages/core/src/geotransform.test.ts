import { describe, expect, it } from 'vitest';
import {
  crsToPixel,
  invertGeoTransform,
  pixelToCrs,
  scaleGeoTransform,
  windowGeoTransform,
  type GeoTransform,
} from './geotransform.js';

describe('geotransform', () => {
  const rotated: GeoTransform = [1000, 0.8, 0.3, 2000, 0.2, -0.9];
  it('inverts north-up, south-up and rotated transforms', () => {
    for (const gt of [[500000, 0.5, 0, 4268000, 0, -0.5], [0, 2, 0, -100, 0, 2], rotated] as GeoTransform[]) {
      const [x, y] = pixelToCrs(gt, 12.5, 40.25);
      const [col, row] = crsToPixel(gt, x, y);
      expect(col).toBeCloseTo(12.5, 9);
      expect(row).toBeCloseTo(40.25, 9);
    }
  });
  it('a degenerate transform has no inverse', () => {
    expect(invertGeoTransform([0, 1, 2, 0, 2, 4])).toBeNull();
  });
  it('windows and overviews keep the same ground position', () => {
    const gt: GeoTransform = [500000, 0.5, 0, 4268000, 0, -0.5];
    expect(pixelToCrs(windowGeoTransform(gt, 10, 20), 0, 0)).toEqual(pixelToCrs(gt, 10, 20));
    expect(pixelToCrs(scaleGeoTransform(gt, 2, 2), 5, 5)).toEqual(pixelToCrs(gt, 10, 10));
  });
});
