import { describe, expect, it } from 'vitest';
import { halveRaster } from './overview.js';
import type { Raster } from './raster.js';
import { StripPyramid } from './strip-pyramid.js';

function noise(width: number, height: number, seed: number): Raster {
  const band = new Uint16Array(width * height);
  let s = seed;
  for (let i = 0; i < band.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    band[i] = s >>> 20;
  }
  return {
    width,
    height,
    dtype: 'uint16',
    bands: [band, band.map((v) => 4095 - v)],
    transform: null,
    crs: null,
    nodata: [0, 0],
  };
}

function sizesOf(width: number, height: number, block: number): { width: number; height: number }[] {
  const out = [{ width, height }];
  while (out.at(-1)!.width > block || out.at(-1)!.height > block)
    out.push({ width: Math.ceil(out.at(-1)!.width / 2), height: Math.ceil(out.at(-1)!.height / 2) });
  return out;
}

describe('StripPyramid', () => {
  it.each([
    [100, 77, 16, 5],
    [64, 64, 16, 16],
    [33, 130, 16, 7],
  ])(
    'streamed %ix%i (block %i, strips of %i rows) equals halving the whole raster',
    (width, height, block, stripRows) => {
      const raster = noise(width, height, width * height);
      const sizes = sizesOf(width, height, block);
      const { bands: _bands, ...rest } = raster;
      const pyramid = new StripPyramid({ ...rest, bandCount: 2 }, sizes, block, 'average');
      const got = sizes.map((s) => [new Uint16Array(s.width * s.height), new Uint16Array(s.width * s.height)]);
      const rowsSeen = sizes.map(() => 0);
      for (let row = 0; row < height; row += stripRows) {
        const h = Math.min(stripRows, height - row);
        const strip = {
          ...raster,
          height: h,
          bands: raster.bands.map((b) => b.subarray(row * width, (row + h) * width)),
        };
        for (const ready of pyramid.push(strip)) {
          expect(ready.tileRow * block).toBe(rowsSeen[ready.level]);
          ready.strip.bands.forEach((b, i) => got[ready.level]![i]!.set(b, rowsSeen[ready.level]! * ready.strip.width));
          rowsSeen[ready.level]! += ready.strip.height;
        }
      }
      expect(pyramid.done).toBe(true);
      expect(rowsSeen).toEqual(sizes.map((s) => s.height));
      let expected: Raster = raster;
      for (let level = 0; level < sizes.length; level++) {
        if (level > 0) expected = halveRaster(expected, 'average');
        expect(got[level]).toEqual(expected.bands);
      }
    },
  );

  it('refuses strips of the wrong width or too many rows', () => {
    const raster = noise(20, 20, 1);
    const { bands: _b, ...rest } = raster;
    const pyramid = new StripPyramid({ ...rest, bandCount: 2 }, sizesOf(20, 20, 16), 16, 'average');
    expect(() => pyramid.push({ ...raster, width: 19 })).toThrow(/width/);
    pyramid.push(raster);
    expect(() => pyramid.push(raster)).toThrow(/more rows/);
  });
});
