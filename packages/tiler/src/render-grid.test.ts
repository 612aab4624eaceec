import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsToLngLat, pixelToCrs, type RasterReader } from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import { bandPercentiles, chooseLevel, encodeImage, lngLatToTile, renderChip, renderGrid, tileGrid } from './index.js';
import { needSharedData, needTools, sharedDataDir } from '@payesh/testkit';

const fixture = new URL('../../../fixtures/khoy-sample_32638_uint8_rgb_cog.tif', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'payesh-tiler-'));
let reader: RasterReader;
beforeAll(async () => {
  reader = await openGeoTiff(fixture);
});
afterAll(async () => {
  await reader.close();
  rmSync(dir, { recursive: true, force: true });
});

// The fixture (0.5 m, 1024 px, near Khoy at 44.94-44.95 E, 38.556-38.560 N) lies inside z18 tile x=163682.
const identity = { kind: 'image' as const, bands: [0, 1, 2], low: [0, 0, 0], high: [255, 255, 255] };

const gdalwarp = needTools(['gdalwarp']);
const data = needSharedData();

describe('renderGrid', () => {
  it('reads the overview that matches the zoom', () => {
    const info = reader.info();
    const level = (z: number): number => chooseLevel(info, tileGrid(z, ...lngLatToTile(44.9455, 38.558, z)));
    // Tile pixels on the ground at 38.56 N: z19 0.23 m, z17 0.93 m, z16 1.87 m, z15 3.7 m; levels 0.5, 1, 2 m.
    expect([19, 17, 16, 15].map(level)).toEqual([0, 0, 1, 2]);
  });

  it('answers null for a tile outside the raster', async () => {
    expect(await renderGrid(reader, identity, tileGrid(10, 0, 0))).toBeNull();
  });

  it.skipIf(gdalwarp.skip)(
    `matches gdalwarp on the same Web Mercator tile (bilinear, within 3 grey levels on average)${gdalwarp.note}`,
    async () => {
      gdalwarp.assert();
      const z = 18;
      const [x, y] = lngLatToTile(44.9455, 38.558, z);
      const grid = tileGrid(z, x, y);
      const rgba = (await renderGrid(reader, identity, grid))!;
      const [x0, , , y0, ,] = grid.transform;
      const span = grid.transform[1] * 256;
      const ref = join(dir, 'ref.tif');
      execFileSync('gdalwarp', [
        '-q',
        '-overwrite',
        '-t_srs',
        'EPSG:3857',
        '-te',
        String(x0),
        String(y0 - span),
        String(x0 + span),
        String(y0),
        '-ts',
        '256',
        '256',
        '-r',
        'bilinear',
        '-ovr',
        'NONE',
        '-dstalpha',
        fixture,
        ref,
      ]);
      const gdal = await sharp(readFileSync(ref)).raw().toBuffer({ resolveWithObject: true });
      let diff = 0;
      let both = 0;
      for (let i = 0; i < 256 * 256; i++) {
        if (rgba[i * 4 + 3] === 0 || gdal.data[i * 4 + 3] === 0) continue;
        both++;
        for (let b = 0; b < 3; b++) diff += Math.abs(rgba[i * 4 + b]! - gdal.data[i * 4 + b]!);
      }
      expect(both).toBeGreaterThan(10000);
      expect(diff / (both * 3)).toBeLessThan(3);
    },
  );

  it('colours change scores with a ramp, transparent below the threshold', async () => {
    const score = { kind: 'score' as const, scale: 250, nodata: 255, threshold: 0.5 };
    const [x, y] = lngLatToTile(44.9455, 38.558, 17);
    // The fixture's first band as a "score": bright pixels (roofs, > 125) opaque, the rest transparent.
    const rgba = (await renderGrid(reader, score, tileGrid(17, x, y)))!;
    const alphas = new Set<number>();
    for (let i = 3; i < rgba.length; i += 4) alphas.add(rgba[i]! > 0 ? 1 : 0);
    expect([...alphas].sort()).toEqual([0, 1]);
  });
});

describe('16-bit Sentinel-2', () => {
  const oscd = join(sharedDataDir(), 'cd-bench/oscd/bordeaux/before.tif');
  it.skipIf(data.skip)(`stretches 4-band uint16 reflectance into a tile with contrast${data.note}`, async () => {
    const s2 = await openGeoTiff(oscd);
    try {
      expect(s2.info().dtype).toBe('uint16');
      const bands = [2, 1, 0]; // B04, B03, B02 as red, green, blue
      const { low, high } = await bandPercentiles(s2, bands);
      expect(high[0]! - low[0]!).toBeGreaterThan(100); // reflectance units, not bytes
      const info = s2.info();
      const [lng, lat] = crsToLngLat(info.crs!)(...pixelToCrs(info.transform!, info.width / 2, info.height / 2));
      const rgba = (await renderGrid(
        s2,
        { kind: 'image', bands, low, high },
        tileGrid(14, ...lngLatToTile(lng, lat, 14)),
      ))!;
      const reds = [];
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3] === 255) reds.push(rgba[i]!);
      const mean = reds.reduce((a, b) => a + b, 0) / reds.length;
      const sd = Math.sqrt(reds.reduce((a, b) => a + (b - mean) ** 2, 0) / reds.length);
      expect(reds.length).toBeGreaterThan(10000);
      expect(sd).toBeGreaterThan(20);
    } finally {
      await s2.close();
    }
  });
});

describe('stretch, encoding and chips', () => {
  it('finds 2-98 % limits per band and encodes PNG and WebP', async () => {
    const { low, high } = await bandPercentiles(reader, [0, 1, 2]);
    expect(low.every((v, i) => v < high[i]!)).toBe(true);
    const png = await encodeImage(new Uint8Array(16 * 16 * 4).fill(200), 16, 16, 'png');
    const webp = await encodeImage(new Uint8Array(16 * 16 * 4).fill(200), 16, 16, 'webp');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(webp.subarray(8, 12).toString()).toBe('WEBP');
  });

  it('draws the parcel outline on an evidence chip', async () => {
    const parcel = [
      [44.9445, 38.5575],
      [44.9465, 38.5575],
      [44.9465, 38.5585],
      [44.9445, 38.5585],
      [44.9445, 38.5575],
    ];
    const png = await renderChip(reader, identity, [44.9445, 38.5575, 44.9465, 38.5585], [parcel], 320);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(320);
    let cyan = 0;
    for (let i = 0; i < data.length; i += info.channels)
      if (data[i]! < 60 && data[i + 1]! > 200 && data[i + 2]! > 200) cyan++;
    expect(cyan).toBeGreaterThan(400); // the outline, about 2 px wide around the parcel
  });
});
