import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import proj4 from 'proj4';
import { beforeEach, describe, expect, it } from 'vitest';
import { PayeshError, type TypedArray } from '@payesh/core';
import { openGeoTiff } from '../index.js';
import { gdalProj4, needSharedData, needTools, sharedDataDir } from '@payesh/testkit';

interface BandStats {
  min: number;
  max: number;
  mean: number;
  sha256_raw: string;
}
interface Expected {
  file: string;
  open_error?: string;
  read_error?: string;
  width: number;
  height: number;
  bands: number;
  dtype: string;
  epsg: string | null;
  geotransform: number[] | null;
  gcp_count: number;
  compression: string | null;
  overviews: number;
  nodata: (number | string | null)[];
  band_stats_full_res?: BandStats[];
}

const corpus = join(sharedDataDir(), 'geotiff-corpus');
const data = needSharedData();
const expected: Expected[] = !data.skip
  ? readFileSync(join(corpus, 'expected-gdal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line.replace(/\bNaN\b/g, '"NaN"')) as Expected)
  : [];

const GDAL_COMPRESSION: Record<string, string> = {
  none: 'null',
  deflate: 'DEFLATE',
  lzw: 'LZW',
  jpeg: 'JPEG',
  'ycbcr-jpeg': 'YCbCr JPEG',
  webp: 'WEBP',
  zstd: 'ZSTD',
  packbits: 'PACKBITS',
  lerc: 'LERC',
};
const LOSSY = new Set(['JPEG', 'YCbCr JPEG']);

function sha16(values: TypedArray): string {
  return createHash('sha256')
    .update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    .digest('hex')
    .slice(0, 16);
}

/** GDAL's readings of complex bands are of the magnitude, as float32. */
function magnitude(values: TypedArray): Float32Array {
  const out = new Float32Array(values.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(values[2 * i]!, values[2 * i + 1]!);
  return out;
}

function stats(values: TypedArray | Float32Array): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / values.length };
}

describe.skipIf(data.skip)(`GeoTIFF corpus agrees with GDAL 3.6.2${data.note}`, () => {
  it('has the 46 files of the corpus', () => {
    expect(expected).toHaveLength(46);
  });

  for (const e of expected) {
    const path = join(corpus, e.file);
    if (e.open_error || e.read_error) {
      it(`${e.file}: fails with a clear error naming the file, as GDAL does`, async () => {
        const attempt = async (): Promise<void> => {
          const reader = await openGeoTiff(path);
          try {
            const { width, height } = reader.info();
            await reader.read({ col: 0, row: 0, width, height });
          } finally {
            await reader.close();
          }
        };
        const error = await attempt().then(
          () => null,
          (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(PayeshError);
        expect((error as PayeshError).file).toBe(path);
        expect((error as PayeshError).message).not.toMatch(/\n/);
      });
      continue;
    }
    it(`${e.file}: header and pixels match GDAL`, async () => {
      const reader = await openGeoTiff(path);
      try {
        const info = reader.info();
        expect([info.width, info.height, info.bandCount]).toEqual([e.width, e.height, e.bands]);
        expect(info.dtype).toBe(e.dtype.toLowerCase().replace('byte', 'uint8'));
        expect(info.crs?.epsg ?? null).toBe(e.epsg === null ? null : Number(e.epsg));
        if (e.geotransform === null) expect(info.transform).toBeNull();
        else info.transform!.forEach((v, i) => expect(v).toBeCloseTo(e.geotransform![i]!, 6));
        expect(info.gcpCount).toBe(e.gcp_count);
        expect(info.overviews).toHaveLength(e.overviews);
        expect(GDAL_COMPRESSION[info.compression] ?? info.compression).toBe(String(e.compression));
        info.nodata.forEach((nd, i) => {
          const want = e.nodata[i];
          if (want === 'NaN') expect(nd).toBeNaN();
          else expect(nd).toBe(want ?? null);
        });
        const raster = await reader.read({ col: 0, row: 0, width: e.width, height: e.height });
        (e.band_stats_full_res ?? []).forEach((want, i) => {
          const band = raster.bands[i]!;
          const values = info.dtype.startsWith('c') ? magnitude(band) : band;
          if (info.dtype.startsWith('c')) {
            // numpy's complex64 abs (used for GDAL's readings) is not correctly rounded, so the
            // magnitudes are compared as statistics; the (re, im) samples were checked equal to GDAL's.
            const got = stats(values);
            expect(got.mean).toBeCloseTo(want.mean, 3);
            expect(got.max).toBeCloseTo(want.max, 3);
          } else if (LOSSY.has(String(e.compression))) {
            const got = stats(values);
            expect(Math.abs(got.mean - want.mean)).toBeLessThan(1);
            expect(Math.abs(got.min - want.min)).toBeLessThanOrEqual(16);
            expect(Math.abs(got.max - want.max)).toBeLessThanOrEqual(16);
          } else {
            expect(sha16(values)).toBe(want.sha256_raw);
          }
        });
      } finally {
        await reader.close();
      }
    });
  }
});

const gdal = needTools(['gdalsrsinfo']);
describe.skipIf(data.skip || gdal.skip)(
  `CRS built from geokeys matches GDAL (needs gdal-bin)${data.note || gdal.note}`,
  () => {
    beforeEach(() => gdal.assert());
    const custom = expected.filter((e) => !e.open_error && e.epsg === null && e.geotransform !== null);
    for (const e of custom) {
      it(`${e.file}: same map projection as gdalsrsinfo`, async () => {
        const path = join(corpus, e.file);
        const reader = await openGeoTiff(path);
        const info = reader.info();
        await reader.close();
        const theirs = gdalProj4(path);
        if (theirs === '') {
          expect(info.crs?.proj4 ?? null).toBeNull();
          return;
        }
        expect(info.crs?.proj4).toBeTruthy();
        const gt = info.transform!;
        for (const [col, row] of [
          [0, 0],
          [info.width, info.height],
          [info.width / 2, info.height / 3],
        ] as const) {
          const xy: [number, number] = [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
          const ours = proj4(info.crs!.proj4!).inverse(xy);
          const gdal = proj4(theirs).inverse(xy);
          expect(ours[0]).toBeCloseTo(gdal[0], 7);
          expect(ours[1]).toBeCloseTo(gdal[1], 7);
        }
      });
    }
  },
);
