import { describe, expect, it } from 'vitest';
import { halveRaster } from './overview.js';
import type { Raster } from './raster.js';

const base: Raster = {
  width: 3,
  height: 3,
  dtype: 'uint8',
  bands: [Uint8Array.from([0, 2, 9, 4, 6, 9, 1, 1, 1])],
  transform: [0, 1, 0, 0, 0, -1],
  crs: null,
  nodata: [null],
};

describe('halveRaster', () => {
  it('averages 2x2 blocks, rounding sizes up and scaling the transform', () => {
    const half = halveRaster(base, 'average');
    expect([half.width, half.height]).toEqual([2, 2]);
    expect(Array.from(half.bands[0]!)).toEqual([3, 9, 1, 1]);
    expect(half.transform).toEqual([0, 1.5, 0, 0, 0, -1.5]);
  });
  it('ignores nodata and keeps nodata where a block has nothing else', () => {
    const half = halveRaster({ ...base, nodata: [9] }, 'average');
    expect(Array.from(half.bands[0]!)).toEqual([3, 9, 1, 1]);
  });
  it('nearest takes the top-left pixel', () => {
    expect(Array.from(halveRaster(base, 'nearest').bands[0]!)).toEqual([0, 9, 1, 1]);
  });
});
