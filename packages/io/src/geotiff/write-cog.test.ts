import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { allocateSamples, halveRaster, type Crs, type DType, type Raster } from '@payesh/core';
import { crsFromEpsg, openGeoTiff, writeCog, writeCogFromStrips } from '../index.js';
import { gdalInfoJson, gdalProj4, needTools } from '@payesh/testkit';

const dir = mkdtempSync(join(tmpdir(), 'payesh-cog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic raster with structure (gradients, edges, negative values for signed types). */
function makeRaster(
  dtype: DType,
  bands: number,
  width: number,
  height: number,
  crs: Crs,
  nodata: number | null,
): Raster {
  const data = Array.from({ length: bands }, (_, b) => {
    const arr = allocateSamples(dtype, width * height);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const v = ((c * 7 + r * 3 + b * 50) % 251) + (c > width / 2 ? 3 : 0);
        arr[r * width + c] =
          dtype === 'int16'
            ? (v - 125) * 200
            : dtype === 'uint16'
              ? v * 250
              : dtype === 'float32'
                ? Math.sin(c / 13) * r - b
                : v;
      }
    }
    if (nodata !== null) arr.fill(nodata as never, 0, width * 3);
    return arr;
  });
  return {
    width,
    height,
    dtype,
    bands: data,
    transform: [500000, 0.5, 0, 4290000, 0, -0.5],
    crs,
    nodata: Array(bands).fill(nodata),
  };
}

const LAEA: Crs = {
  epsg: null,
  name: 'custom LAEA',
  proj4: '+proj=laea +lat_0=38.5 +lon_0=45 +x_0=1000000 +y_0=2000000 +ellps=GRS80 +units=m +no_defs',
};
const cases: Array<{ name: string; raster: Raster }> = [
  { name: 'uint8 RGB, EPSG:32638', raster: makeRaster('uint8', 3, 700, 520, crsFromEpsg(32638), null) },
  { name: 'uint16 4-band, EPSG:32638, nodata 0', raster: makeRaster('uint16', 4, 600, 300, crsFromEpsg(32638), 0) },
  { name: 'int16, custom LAEA, nodata -32768', raster: makeRaster('int16', 1, 530, 610, LAEA, -32768) },
  {
    name: 'float32, EPSG:4326, nodata NaN',
    raster: {
      ...makeRaster('float32', 2, 300, 280, crsFromEpsg(4326), NaN),
      transform: [44.9, 1e-5, 0, 38.6, 0, -1e-5],
    },
  },
];

describe('writeCog round trip', () => {
  for (const { name, raster } of cases) {
    it(`${name}: reads back the same pixels, grid, CRS, nodata and overviews`, async () => {
      const path = join(dir, `${name.replace(/\W+/g, '_')}.tif`);
      await writeCog(path, raster, { blockSize: 256 });
      const reader = await openGeoTiff(path);
      try {
        const info = reader.info();
        expect([info.width, info.height, info.bandCount, info.dtype]).toEqual([
          raster.width,
          raster.height,
          raster.bands.length,
          raster.dtype,
        ]);
        expect(info.transform).toEqual(raster.transform);
        expect(info.crs?.epsg ?? null).toBe(raster.crs!.epsg);
        if (Number.isNaN(raster.nodata[0])) expect(info.nodata[0]).toBeNaN();
        else expect(info.nodata[0]).toBe(raster.nodata[0]);
        expect(info.compression).toBe('deflate');
        expect([info.blockWidth, info.blockHeight]).toEqual([256, 256]);
        let expectedLevels = 0;
        for (let w = raster.width, h = raster.height; w > 256 || h > 256; w = Math.ceil(w / 2), h = Math.ceil(h / 2))
          expectedLevels++;
        expect(info.overviews).toHaveLength(expectedLevels);
        const back = await reader.read({ col: 0, row: 0, width: raster.width, height: raster.height });
        back.bands.forEach((band, b) => expect(Array.from(band)).toEqual(Array.from(raster.bands[b]!)));
        const half = halveRaster(raster, 'average');
        const level1 = await reader.read({ col: 0, row: 0, width: half.width, height: half.height }, { level: 1 });
        expect(Array.from(level1.bands[0]!)).toEqual(Array.from(half.bands[0]!));
        const window = await reader.read({ col: 100, row: 90, width: 37, height: 41 }, { bands: [0] });
        expect(window.bands[0]![0]).toEqual(raster.bands[0]![90 * raster.width + 100]);
        if (raster.crs!.epsg === null) {
          const xy: [number, number] = [500100, 4289900];
          expect(proj4(info.crs!.proj4!).inverse(xy)[0]).toBeCloseTo(proj4(raster.crs!.proj4!).inverse(xy)[0], 9);
        }
      } finally {
        await reader.close();
      }
    });
  }

  it('leaves no file behind when it cannot write', async () => {
    const raster = makeRaster('uint8', 1, 40, 40, crsFromEpsg(32638), null);
    await expect(writeCog(join(dir, 'no-such-folder', 'x.tif'), raster)).rejects.toThrow(/cannot write/);
    await expect(writeCog(join(dir, 'bad.tif'), { ...raster, bands: [new Uint8Array(5)] })).rejects.toThrow(
      /band lengths/,
    );
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('streams from a strip source: same bytes as writing from memory; bad strips and aborts leave nothing', async () => {
    const raster = makeRaster('uint16', 2, 900, 700, crsFromEpsg(32638), 0);
    const { bands, ...spec } = raster;
    const fromMemory = join(dir, 'memory.tif');
    const streamed = join(dir, 'streamed.tif');
    await writeCog(fromMemory, raster, { blockSize: 128 });
    const rowsAsked: number[] = [];
    await writeCogFromStrips(
      streamed,
      { ...spec, bandCount: 2 },
      async (w) => {
        rowsAsked.push(w.row);
        return { ...raster, height: w.height, bands: bands.map((b) => b.slice(w.row * 900, (w.row + w.height) * 900)) };
      },
      { blockSize: 128 },
    );
    expect(rowsAsked).toEqual([0, 128, 256, 384, 512, 640]);
    expect(readFileSync(streamed).equals(readFileSync(fromMemory))).toBe(true);

    const wrong = writeCogFromStrips(
      join(dir, 'wrong.tif'),
      { ...spec, bandCount: 2 },
      async (w) => ({ ...raster, height: w.height - 1 }),
      { blockSize: 128 },
    );
    await expect(wrong).rejects.toThrow(/strip at row 0 is 900x127x2/);
    const controller = new AbortController();
    const aborted = writeCogFromStrips(
      join(dir, 'aborted.tif'),
      { ...spec, bandCount: 2 },
      async (w) => {
        if (w.row > 0) controller.abort();
        return { ...raster, height: w.height, bands: bands.map((b) => b.slice(w.row * 900, (w.row + w.height) * 900)) };
      },
      { blockSize: 128, signal: controller.signal },
    );
    await expect(aborted).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.includes('.tmp') || f === 'wrong.tif' || f === 'aborted.tif')).toEqual([]);
  });
});

const gdal = needTools(['gdalinfo', 'gdal_translate', 'gdalsrsinfo']);
describe.skipIf(gdal.skip)(`GDAL reads what writeCog writes (needs gdal-bin)${gdal.note}`, () => {
  beforeEach(() => gdal.assert());
  for (const { name, raster } of cases) {
    it(`${name}: LAYOUT=COG, same values, same CRS`, async () => {
      const path = join(dir, `gdal_${name.replace(/\W+/g, '_')}.tif`);
      await writeCog(path, raster, { blockSize: 256 });
      const info = gdalInfoJson(path) as {
        metadata: Record<string, Record<string, string>>;
        size: number[];
        bands: unknown[];
      };
      expect(info.metadata['IMAGE_STRUCTURE']?.['LAYOUT']).toBe('COG');
      expect(info.size).toEqual([raster.width, raster.height]);
      expect(info.bands).toHaveLength(raster.bands.length);
      // GDAL decodes our file into a plain GeoTIFF; its pixels must be ours.
      const plain = join(dir, `plain_${name.replace(/\W+/g, '_')}.tif`);
      execFileSync('gdal_translate', ['-q', '-co', 'COMPRESS=NONE', path, plain]);
      const reader = await openGeoTiff(plain);
      try {
        const back = await reader.read({ col: 0, row: 0, width: raster.width, height: raster.height });
        back.bands.forEach((band, b) => expect(Array.from(band)).toEqual(Array.from(raster.bands[b]!)));
      } finally {
        await reader.close();
      }
      const theirs = gdalProj4(path);
      const xy: [number, number] = [
        raster.transform![0] + 10 * raster.transform![1],
        raster.transform![3] + 10 * raster.transform![5],
      ];
      const a = proj4(theirs).inverse(xy);
      const b = proj4(raster.crs!.proj4!).inverse(xy);
      expect(a[0]).toBeCloseTo(b[0], 8);
      expect(a[1]).toBeCloseTo(b[1], 8);
    });
  }
});
