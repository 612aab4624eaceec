import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deflate } from 'node:zlib';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { bytesPerSample, DataError, halveRaster, InputError, isFloat, PayeshError, type OverviewResampling, type Raster } from '@payesh/core';
import { encodeIfd, FIELD, ifdByteSize, type IfdEntry, type IfdFormat } from './ifd-encoder.js';
import { geoKeyTagsFor } from './geokeys-write.js';

const deflateAsync = promisify(deflate);

export interface WriteCogOptions {
  /** Tile size in pixels (a multiple of 16). */
  readonly blockSize?: number;
  readonly resampling?: OverviewResampling;
  /** zlib level 1..9. */
  readonly level?: number;
  /** Written to the TIFF DateTime tag ("YYYY:MM:DD HH:MM:SS"). */
  readonly dateTime?: string;
}

const WRITABLE = new Set(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64']);
const SAMPLE_FORMAT: Record<string, number> = { uint8: 1, uint16: 1, uint32: 1, int8: 2, int16: 2, int32: 2, float32: 3, float64: 3 };

const GHOST =
  'LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';

function ghostHeader(): Uint8Array {
  const text = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST.length).padStart(6, '0')} bytes\n${GHOST}`;
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Overview pyramid: halve until the level fits in one tile, as GDAL's COG driver does. */
function pyramid(raster: Raster, blockSize: number, resampling: OverviewResampling): Raster[] {
  const levels = [raster];
  let last = raster;
  while (last.width > blockSize || last.height > blockSize) {
    last = halveRaster(last, resampling);
    levels.push(last);
  }
  return levels;
}

function nodataText(raster: Raster): string | null {
  const nd = raster.nodata[0];
  if (nd === null || nd === undefined) return null;
  return Number.isNaN(nd) ? 'nan' : nd === Infinity ? 'inf' : nd === -Infinity ? '-inf' : String(nd);
}

function levelEntries(raster: Raster, level: number, blockSize: number, tiles: number, f: IfdFormat, dateTime: string | undefined): IfdEntry[] {
  const spp = raster.bands.length;
  const bits = bytesPerSample(raster.dtype) * 8;
  const rgb = raster.dtype === 'uint8' && spp >= 3;
  const extra = spp - (rgb ? 3 : 1);
  const offsetType = f.bigTiff ? FIELD.LONG8 : FIELD.LONG;
  const entries: IfdEntry[] = [
    { tag: 254, type: FIELD.LONG, values: [level === 0 ? 0 : 1] },
    { tag: 256, type: FIELD.LONG, values: [raster.width] },
    { tag: 257, type: FIELD.LONG, values: [raster.height] },
    { tag: 258, type: FIELD.SHORT, values: Array(spp).fill(bits) },
    { tag: 259, type: FIELD.SHORT, values: [8] },
    { tag: 262, type: FIELD.SHORT, values: [rgb ? 2 : 1] },
    { tag: 277, type: FIELD.SHORT, values: [spp] },
    { tag: 284, type: FIELD.SHORT, values: [1] },
    { tag: 317, type: FIELD.SHORT, values: [isFloat(raster.dtype) ? 1 : 2] },
    { tag: 322, type: FIELD.SHORT, values: [blockSize] },
    { tag: 323, type: FIELD.SHORT, values: [blockSize] },
    { tag: 324, type: offsetType, values: Array(tiles).fill(0) },
    { tag: 325, type: offsetType, values: Array(tiles).fill(0) },
    { tag: 339, type: FIELD.SHORT, values: Array(spp).fill(SAMPLE_FORMAT[raster.dtype]) },
  ];
  if (extra > 0) entries.push({ tag: 338, type: FIELD.SHORT, values: Array(extra).fill(0) });
  const nodata = nodataText(raster);
  if (nodata !== null) entries.push({ tag: 42113, type: FIELD.ASCII, values: nodata });
  if (level > 0) return entries;
  if (dateTime) entries.push({ tag: 306, type: FIELD.ASCII, values: dateTime });
  const gt = raster.transform;
  if (gt) {
    if (gt[2] === 0 && gt[4] === 0) {
      entries.push({ tag: 33550, type: FIELD.DOUBLE, values: [gt[1], -gt[5], 0] }, { tag: 33922, type: FIELD.DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] });
    } else {
      entries.push({ tag: 34264, type: FIELD.DOUBLE, values: [gt[1], gt[2], 0, gt[0], gt[4], gt[5], 0, gt[3], 0, 0, 0, 0, 0, 0, 0, 1] });
    }
  }
  if (raster.crs) {
    const keys = geoKeyTagsFor(raster.crs);
    entries.push({ tag: 34735, type: FIELD.SHORT, values: keys.directory });
    if (keys.doubles.length > 0) entries.push({ tag: 34736, type: FIELD.DOUBLE, values: keys.doubles });
    if (keys.ascii.length > 0) entries.push({ tag: 34737, type: FIELD.ASCII, values: keys.ascii });
  }
  return entries;
}

/** One tile of a level as little-endian interleaved samples, edges padded, predictor applied. */
function tileBytes(raster: Raster, tx: number, ty: number, size: number): Uint8Array {
  const spp = raster.bands.length;
  const first = raster.bands[0]!;
  const Ctor = first.constructor as new (n: number) => typeof first;
  const tile = new Ctor(size * size * spp);
  const fill = raster.nodata[0];
  if (fill !== null && fill !== undefined && !Number.isNaN(fill)) tile.fill(fill as never);
  const rows = Math.min(size, raster.height - ty * size);
  const cols = Math.min(size, raster.width - tx * size);
  for (let b = 0; b < spp; b++) {
    const band = raster.bands[b]!;
    for (let r = 0; r < rows; r++) {
      const src = (ty * size + r) * raster.width + tx * size;
      const dst = r * size * spp + b;
      for (let c = 0; c < cols; c++) tile[dst + c * spp] = band[src + c]!;
    }
  }
  if (!isFloat(raster.dtype)) differenceRows(tile, size, spp);
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

/** Horizontal differencing (TIFF predictor 2); integer arrays wrap as the reader's sums do. */
function differenceRows(tile: { length: number; [i: number]: number }, size: number, spp: number): void {
  const rowSamples = size * spp;
  for (let r = 0; r < size; r++) {
    const base = r * rowSamples;
    for (let i = rowSamples - 1; i >= spp; i--) tile[base + i] = tile[base + i]! - tile[base + i - spp]!;
  }
}

/**
 * Writes a raster as a Cloud Optimized GeoTIFF: tiled, DEFLATE-compressed, internal overviews,
 * all directories before the data (GDAL's COG layout, ghost header and block leaders included).
 * Written to a temporary file in the same folder and renamed, so a failure leaves nothing behind.
 */
export async function writeCog(path: string, raster: Raster, options: WriteCogOptions = {}): Promise<void> {
  const blockSize = options.blockSize ?? 512;
  if (!Number.isInteger(blockSize) || blockSize < 16 || blockSize % 16 !== 0) throw new InputError(`block size must be a multiple of 16, got ${blockSize}`);
  if (!WRITABLE.has(raster.dtype)) throw new InputError(`cannot write ${raster.dtype} rasters`);
  if (raster.bands.length === 0) throw new InputError('cannot write a raster with no bands');
  if (raster.bands.some((b) => b.length !== raster.width * raster.height)) throw new InputError('band lengths do not match the raster size');
  const levels = pyramid(raster, blockSize, options.resampling ?? 'average');
  const uncompressed = levels.reduce((s, l) => s + l.width * l.height * l.bands.length * bytesPerSample(l.dtype), 0);
  const f: IfdFormat = { bigTiff: uncompressed > 3.5 * 1024 ** 3 };
  const tileCounts = levels.map((l) => Math.ceil(l.width / blockSize) * Math.ceil(l.height / blockSize));
  const entries = levels.map((l, i) => levelEntries(l, i, blockSize, tileCounts[i]!, f, options.dateTime));
  const ghost = ghostHeader();
  const headerBytes = f.bigTiff ? 16 : 8;
  const ifdStart: number[] = [];
  let cursor = headerBytes + ghost.length + (ghost.length & 1);
  for (const e of entries) {
    ifdStart.push(cursor);
    cursor += ifdByteSize(e, f);
  }

  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(temp, 'w');
  try {
    let pos = cursor;
    const offsets = levels.map((_, i) => new Array<number>(tileCounts[i]!).fill(0));
    const counts = levels.map((_, i) => new Array<number>(tileCounts[i]!).fill(0));
    for (let li = levels.length - 1; li >= 0; li--) {
      const level = levels[li]!;
      const across = Math.ceil(level.width / blockSize);
      for (let start = 0; start < tileCounts[li]!; start += 8) {
        const batch = Array.from({ length: Math.min(8, tileCounts[li]! - start) }, (_, k) => start + k);
        const compressed = await Promise.all(
          batch.map((t) => deflateAsync(tileBytes(level, t % across, Math.floor(t / across), blockSize), { level: options.level ?? 6 })),
        );
        for (let k = 0; k < batch.length; k++) {
          const data = compressed[k]!;
          const framed = Buffer.alloc(data.length + 8);
          framed.writeUInt32LE(data.length, 0);
          data.copy(framed, 4);
          data.copy(framed, data.length + 4, data.length - 4);
          await fh.write(framed, 0, framed.length, pos);
          offsets[li]![batch[k]!] = pos + 4;
          counts[li]![batch[k]!] = data.length;
          pos += framed.length;
        }
      }
    }
    const head = Buffer.alloc(cursor);
    head.write(f.bigTiff ? 'II+\0' : 'II*\0', 0, 'latin1');
    if (f.bigTiff) {
      head.writeUInt16LE(8, 4);
      head.writeBigUInt64LE(BigInt(ifdStart[0]!), 8);
    } else {
      head.writeUInt32LE(ifdStart[0]!, 4);
    }
    head.set(ghost, headerBytes);
    entries.forEach((e, i) => {
      const filled = e.map((entry) => (entry.tag === 324 ? { ...entry, values: offsets[i]! } : entry.tag === 325 ? { ...entry, values: counts[i]! } : entry));
      head.set(encodeIfd(filled, ifdStart[i]!, ifdStart[i + 1] ?? 0, f), ifdStart[i]!);
    });
    await fh.write(head, 0, head.length, 0);
    await fh.sync();
    await fh.close();
    await rename(temp, path);
  } catch (error) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    if (error instanceof PayeshError) throw error;
    throw new DataError(`cannot write: ${(error as Error).message}`, { file: path, cause: error });
  }
}
