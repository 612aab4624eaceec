import { readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PayeshError } from '@payesh/core';
import { openGeoTiff } from '../index.js';
import { encodeIfd, FIELD, type IfdEntry } from './ifd-encoder.js';
import { craftedSpec, craftTiledTiff } from '../testing/craft-tiff.js';
import { needSharedData, seededRandom, sharedDataDir } from '@payesh/testkit';

const dir = mkdtempSync(join(tmpdir(), 'payesh-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic PRNG so every run derives the same hostile files. */
const rng = seededRandom;

/** Opens and reads everything a user would: full resolution, every overview, the mask. */
async function readAll(path: string): Promise<'read' | PayeshError> {
  try {
    const reader = await openGeoTiff(path, { maxReadBytes: 256 * 1024 * 1024 });
    try {
      const info = reader.info();
      await reader.read({ col: 0, row: 0, width: info.width, height: info.height });
      for (let level = 1; level <= info.overviews.length; level++) {
        const o = info.overviews[level - 1]!;
        await reader.read({ col: 0, row: 0, width: o.width, height: o.height }, { level });
      }
      await reader.readMask({ col: 0, row: 0, width: info.width, height: info.height });
      return 'read';
    } finally {
      await reader.close();
    }
  } catch (error) {
    if (error instanceof PayeshError) return error;
    throw error;
  }
}

function expectClearError(result: 'read' | PayeshError, path: string): void {
  if (result === 'read') return;
  expect(result.file).toBe(path);
  expect(result.message.length).toBeGreaterThan(0);
  expect(result.message).not.toMatch(/\n/);
}

const SOURCES = [
  'rasterio/byte.tif', // uncompressed strips
  'rio-tiler/cog.tif', // DEFLATE COG with overviews
  'image-tiff/int16_zstd.tif', // ZSTD
  'image-tiff/usda_naip_256_webp_z3.tif', // WebP
  'rasterio/alpha.tif', // JPEG
  'rio-tiler/cog_uint8_rgb_mask.tif', // internal mask
  'rasterio/rgb_lzw.tif', // LZW strips
  'image-tiff/BigTIFF.tif', // BigTIFF
];

const data = needSharedData();
describe.skipIf(data.skip)(`hostile files derived from the corpus${data.note}`, () => {
  for (const source of SOURCES) {
    it(`${source}: truncated at 24 offsets and with 24 sets of flipped bytes, every read ends with data or a clear error`, async () => {
      const bytes = readFileSync(join(sharedDataDir(), 'geotiff-corpus', source));
      const random = rng(source.length * 7919);
      const variants: Array<[string, Uint8Array]> = [];
      for (let i = 0; i < 24; i++) {
        const cut = i < 8 ? i * 3 + 1 : Math.floor(random() * bytes.length);
        variants.push([`cut${i}`, bytes.subarray(0, cut)]);
      }
      for (let i = 0; i < 24; i++) {
        const copy = Uint8Array.from(bytes);
        const flips = 1 + Math.floor(random() * 8);
        // Half the variants hit the header and directories, where a flip does the most harm.
        const span = i % 2 === 0 ? Math.min(copy.length, 4096) : copy.length;
        for (let f = 0; f < flips; f++) {
          const at = Math.floor(random() * span);
          copy[at] = copy[at]! ^ (1 << Math.floor(random() * 8));
        }
        variants.push([`flip${i}`, copy]);
      }
      let errors = 0;
      for (const [name, data] of variants) {
        const path = join(dir, `${source.replace(/\W+/g, '_')}-${name}.tif`);
        writeFileSync(path, data);
        const result = await readAll(path);
        expectClearError(result, path);
        if (result !== 'read') errors++;
      }
      // Truncations before the first directory can never read.
      expect(errors).toBeGreaterThanOrEqual(8);
    });
  }
});

/** A minimal one-strip TIFF whose strip is `strip`, with the given dimensions and compression. */
function craftTiff(
  width: number,
  height: number,
  compression: number,
  strip: Uint8Array,
  rowsPerStrip = height,
): Uint8Array {
  const stripCount = 1;
  const dataAt = 8;
  const ifdAt = dataAt + strip.length + (strip.length & 1);
  const entries: IfdEntry[] = [
    { tag: 256, type: FIELD.LONG, values: [width] },
    { tag: 257, type: FIELD.LONG, values: [height] },
    { tag: 258, type: FIELD.SHORT, values: [8] },
    { tag: 259, type: FIELD.SHORT, values: [compression] },
    { tag: 262, type: FIELD.SHORT, values: [1] },
    { tag: 273, type: FIELD.LONG, values: Array(stripCount).fill(dataAt) },
    { tag: 277, type: FIELD.SHORT, values: [1] },
    { tag: 278, type: FIELD.LONG, values: [rowsPerStrip] },
    { tag: 279, type: FIELD.LONG, values: Array(stripCount).fill(strip.length) },
  ];
  const ifd = encodeIfd(entries, ifdAt, 0, { bigTiff: false });
  const out = new Uint8Array(ifdAt + ifd.length);
  out.set([0x49, 0x49, 42, 0, ifdAt & 0xff, (ifdAt >> 8) & 0xff, (ifdAt >> 16) & 0xff, ifdAt >>> 24]);
  out.set(strip, dataAt);
  out.set(ifd, ifdAt);
  return out;
}

describe('crafted hostile files', () => {
  it('a DEFLATE bomb (64 kB inflating to 1 GB) fails fast, within its declared size', async () => {
    const bomb = deflateSync(Buffer.alloc((1024 * 1024 * 1024) / 16), { level: 9 });
    const path = join(dir, 'bomb.tif');
    writeFileSync(path, craftTiff(256, 256, 8, bomb));
    const result = await readAll(path);
    expect(result).toBeInstanceOf(PayeshError);
    expect((result as PayeshError).message).toMatch(/inflates beyond/);
  });

  it('an absurd declared size (1e6 x 1e6) is refused at open; with the pixel limit raised, for its missing blocks', async () => {
    const path = join(dir, 'huge.tif');
    writeFileSync(path, craftTiff(1_000_000, 1_000_000, 1, new Uint8Array(64), 1));
    await expect(openGeoTiff(path)).rejects.toThrow(
      /declares 1000000x1000000 pixels x 1 band .* more than the limit of 68719476736 \(raise it with --max-pixels\)/,
    );
    await expect(openGeoTiff(path, { limits: { maxPixels: 1e12 } })).rejects.toThrow(
      /needs 1000000 blocks but the file lists 1/,
    );
    const oneStrip = join(dir, 'huge-strip.tif');
    writeFileSync(oneStrip, craftTiff(1_000_000, 1_000_000, 1, new Uint8Array(64)));
    await expect(openGeoTiff(oneStrip, { limits: { maxPixels: 1e12 } })).rejects.toThrow(
      /block decodes to .* more than the 64 MiB a block may/,
    );
  });

  // Issue 14, item 11: 261 kB declaring one 16384x16384 DEFLATE tile of zeros kept detect busy for minutes at 837 MB.
  const zeros = (pixels: number): Buffer => deflateSync(Buffer.alloc(pixels), { level: 9 });

  it('the 261 kB file declaring one 16384x16384 DEFLATE tile is refused at open, before any block is decoded', async () => {
    const path = join(dir, 'one-tile-bomb.tif');
    writeFileSync(path, craftTiledTiff(craftedSpec(16384, 16384), 16384, [zeros(16384 * 16384)]));
    expect(statSync(path).size).toBeLessThan(270_000);
    const error = await openGeoTiff(path).then(
      () => null,
      (e: unknown) => e as PayeshError,
    );
    expect(error).toBeInstanceOf(PayeshError);
    expect(error!.file).toBe(path);
    expect(error!.message).toBe(
      'one 16384x16384 block decodes to 256 MiB, more than the 64 MiB a block may (rewrite it with smaller tiles, e.g. gdal_translate -co TILED=YES)',
    );
  });

  it('the same bomb cut into four 8192x8192 tiles (each within the block limit) is refused for its 1028:1 compression ratio; a raised limit admits it', async () => {
    const path = join(dir, 'four-tile-bomb.tif');
    const tile = zeros(8192 * 8192);
    writeFileSync(path, craftTiledTiff(craftedSpec(16384, 16384), 8192, [tile, tile, tile, tile]));
    await expect(openGeoTiff(path)).rejects.toThrow(
      /decode to 256 MiB from 0\.2\d MiB stored \(10\d\d:1\), more than the 1000:1 compression-ratio limit \(raise it with --max-compression-ratio\)/,
    );
    const reader = await openGeoTiff(path, { limits: { maxCompressionRatio: 2000 } });
    expect((await reader.read({ col: 8000, row: 8000, width: 400, height: 400 })).bands[0]!.every((v) => v === 0)).toBe(
      true,
    );
    await reader.close();
  });

  it('a 131 kB sparse 32768x32768 file (every tile empty) opens and reads as nodata without decoding anything', async () => {
    const path = join(dir, 'sparse.tif');
    writeFileSync(path, craftTiledTiff(craftedSpec(32768, 32768), 256, Array(128 * 128).fill(null)));
    const reader = await openGeoTiff(path);
    expect((await reader.read({ col: 30000, row: 100, width: 600, height: 300 })).bands[0]!.every((v) => v === 0)).toBe(
      true,
    );
    await expect(reader.read({ col: 0, row: 0, width: 32768, height: 32768 })).rejects.toThrow(
      /larger than one read may be/,
    );
    await reader.close();
  });

  it('a directory chain that loops back on itself is rejected', async () => {
    const bytes = craftTiff(4, 4, 1, new Uint8Array(16));
    const view = new DataView(bytes.buffer);
    const ifdAt = view.getUint32(4, true);
    const n = view.getUint16(ifdAt, true);
    view.setUint32(ifdAt + 2 + n * 12, ifdAt, true);
    const path = join(dir, 'loop.tif');
    writeFileSync(path, bytes);
    await expect(openGeoTiff(path)).rejects.toThrow(/loops back/);
  });

  it('a tag declaring four billion values is rejected without allocating them', async () => {
    const bytes = craftTiff(4, 4, 1, new Uint8Array(16));
    const view = new DataView(bytes.buffer);
    const ifdAt = view.getUint32(4, true);
    // Entry 5 is StripOffsets: give it 2^32-1 values.
    view.setUint32(ifdAt + 2 + 5 * 12 + 4, 0xffffffff, true);
    const path = join(dir, 'count.tif');
    writeFileSync(path, bytes);
    await expect(openGeoTiff(path)).rejects.toThrow(/past the end of the file/);
  });

  it('an LZMA file says that LZMA is not supported', async () => {
    const path = join(dir, 'lzma.tif');
    writeFileSync(path, craftTiff(4, 4, 34925, new Uint8Array(16)));
    const reader = await openGeoTiff(path);
    await expect(reader.read({ col: 0, row: 0, width: 4, height: 4 })).rejects.toThrow(
      'LZMA compression is not supported',
    );
    await reader.close();
  });
});
