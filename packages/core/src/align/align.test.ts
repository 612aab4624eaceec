import { describe, expect, it } from 'vitest';
import type { Raster } from '../raster.js';
import { phaseCorrelate } from './phase-correlation.js';
import { gridToGridMapper } from './point-mapper.js';
import { sourceWindowFor, warpWindow } from './warp.js';
import type { Grid } from './grid.js';

/** A smooth random-looking texture, defined everywhere so it can be evaluated at any shift. */
let seed = 17;
const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
/** Broadband texture (amplitude falling with frequency, as in imagery), defined at any position. */
const waves = Array.from({ length: 120 }, () => {
  const f = 0.02 + rnd() * 1.2;
  const angle = rnd() * Math.PI * 2;
  return { fx: f * Math.cos(angle), fy: f * Math.sin(angle), phase: rnd() * 6.28, amp: 20 / (1 + 4 * f) };
});
const texture = (x: number, y: number): number =>
  waves.reduce((s, w) => s + w.amp * Math.sin(w.fx * x + w.fy * y + w.phase), 128);

/** An n x n image of the texture, its origin shifted by (dx, dy). */
function shiftedImage(n: number, dx: number, dy: number): Float32Array {
  return Float32Array.from({ length: n * n }, (_, k) => texture((k % n) + dx, Math.floor(k / n) + dy));
}

describe('phaseCorrelate', () => {
  it.each([
    [0, 0],
    [3, -2],
    [1.4, 0.6],
    [-7.25, 4.5],
  ])('recovers a shift of (%f, %f) to a tenth of a pixel', (dx, dy) => {
    const s = phaseCorrelate(shiftedImage(256, 0, 0), shiftedImage(256, -dx, -dy), 256);
    expect(Math.abs(s.dx - dx)).toBeLessThan(0.15);
    expect(Math.abs(s.dy - dy)).toBeLessThan(0.15);
    const noise = Float32Array.from({ length: 256 * 256 }, () => rnd() * 255);
    expect(s.peak).toBeGreaterThan(3 * phaseCorrelate(shiftedImage(256, 0, 0), noise, 256).peak);
  });
});

describe('warpWindow', () => {
  const utm = { epsg: 32638, proj4: '+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs', name: null };
  const geo = { epsg: 4326, proj4: '+proj=longlat +datum=WGS84 +no_defs', name: null };
  const n = 64;
  const source: Raster = {
    width: n,
    height: n,
    dtype: 'float32',
    bands: [Float32Array.from({ length: n * n }, (_, k) => (k % n) * 10 + Math.floor(k / n))],
    transform: [500000, 2, 0, 4300000, 0, -2],
    crs: utm,
    nodata: [null],
  };
  const sourceGrid: Grid = { width: n, height: n, transform: source.transform!, crs: utm };
  it('is the identity on the same grid and shifts by whole pixels exactly', () => {
    const target: Grid = { ...sourceGrid, transform: [500010, 2, 0, 4299990, 0, -2] };
    const map = gridToGridMapper(target, sourceGrid);
    const win = { col: 0, row: 0, width: 20, height: 20 };
    const src = sourceWindowFor(win, map, n, n)!;
    expect(src).toEqual({ col: 3, row: 3, width: 24, height: 24 });
    const crop: Raster = {
      ...source,
      width: src.width,
      height: src.height,
      bands: [
        Float32Array.from(
          { length: src.width * src.height },
          (_, k) => source.bands[0]![(src.row + Math.floor(k / src.width)) * n + src.col + (k % src.width)]!,
        ),
      ],
    };
    const out = warpWindow(crop, src, null, win, map, 'bilinear')[0]!;
    expect(out[0]).toBeCloseTo(5 * 10 + 5, 4);
    expect(out[19 * 20 + 19]).toBeCloseTo(24 * 10 + 24, 4);
  });
  it('reprojects between CRSs and leaves NaN outside the source', () => {
    const map0 = gridToGridMapper(sourceGrid, { width: 1, height: 1, transform: [0, 1, 0, 0, 0, 1], crs: geo });
    const [lng, lat] = map0(0, 0);
    // A geographic grid covering the source and beyond, ~1 m pixels.
    const target: Grid = {
      width: 200,
      height: 200,
      transform: [lng - 0.0005, 0.00001, 0, lat + 0.0005, 0, -0.00001],
      crs: geo,
    };
    const map = gridToGridMapper(target, sourceGrid);
    const win = { col: 0, row: 0, width: 200, height: 200 };
    const out = warpWindow(source, { col: 0, row: 0, width: n, height: n }, null, win, map, 'bilinear')[0]!;
    expect(Number.isNaN(out[0]!)).toBe(true);
    let checked = 0;
    for (let k = 0; k < out.length; k += 37) {
      if (Number.isNaN(out[k]!)) continue;
      const [sc, sr] = map((k % 200) + 0.5, Math.floor(k / 200) + 0.5);
      if (sc < 1 || sr < 1 || sc > n - 1 || sr > n - 1) continue; // half a pixel of edge clamping
      expect(out[k]).toBeCloseTo((sc - 0.5) * 10 + (sr - 0.5), 1);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
