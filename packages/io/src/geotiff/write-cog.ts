import { createReadStream } from 'node:fs';
import { open, rm, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deflate } from 'node:zlib';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  bytesPerSample,
  DataError,
  InputError,
  StripPyramid,
  type OverviewResampling,
  type PixelWindow,
  type Raster,
} from '@payesh/core';
import { encodeIfd, ifdByteSize, type IfdFormat } from './ifd-encoder.js';
import { ghostHeader, levelEntries, pyramidSizes, type CogSpec } from './cog-tags.js';
import { frameBlock, tileBytes } from './cog-tiles.js';

const deflateAsync = promisify(deflate);

export interface WriteCogOptions {
  /** Tile size in pixels (a multiple of 16). */
  readonly blockSize?: number;
  readonly resampling?: OverviewResampling;
  /** zlib level 1..9. */
  readonly level?: number;
  /** Written to the TIFF DateTime tag ("YYYY:MM:DD HH:MM:SS"). */
  readonly dateTime?: string;
  readonly signal?: AbortSignal;
  /** Called after each strip of full resolution is written, with rows done and rows in all. */
  readonly onProgress?: (rowsDone: number, rows: number) => void;
}

/** Supplies full-resolution pixels, a full-width strip of rows at a time, top to bottom. */
export type StripSource = (window: PixelWindow, signal?: AbortSignal) => Promise<Raster>;

const WRITABLE = new Set(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64']);

/** Tile data of one level, appended to its own temporary file as rows of tiles complete. */
interface LevelData {
  readonly path: string;
  readonly fh: FileHandle;
  size: number;
  readonly offsets: number[];
  readonly counts: number[];
}

function validate(spec: CogSpec, blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < 16 || blockSize % 16 !== 0)
    throw new InputError(`block size must be a multiple of 16, got ${blockSize}`);
  if (!WRITABLE.has(spec.dtype)) throw new InputError(`cannot write ${spec.dtype} rasters`);
  if (spec.bandCount < 1) throw new InputError('cannot write a raster with no bands');
  if (!(Number.isInteger(spec.width) && Number.isInteger(spec.height) && spec.width > 0 && spec.height > 0)) {
    throw new InputError(`cannot write a ${spec.width}x${spec.height} raster`);
  }
}

/** Writes a raster held in memory as a COG (see `writeCogFromStrips`). */
export async function writeCog(path: string, raster: Raster, options: WriteCogOptions = {}): Promise<void> {
  if (raster.bands.some((b) => b.length !== raster.width * raster.height))
    throw new InputError('band lengths do not match the raster size');
  const { bands, ...rest } = raster;
  const source: StripSource = async (w) => ({
    ...raster,
    height: w.height,
    bands: bands.map((b) => b.subarray(w.row * raster.width, (w.row + w.height) * raster.width)),
  });
  await writeCogFromStrips(path, { ...rest, bandCount: bands.length }, source, options);
}

/**
 * Writes a Cloud Optimized GeoTIFF of any size with bounded memory: tiled, DEFLATE-compressed,
 * internal overviews, all directories before the data (GDAL's COG layout, ghost header and block
 * leaders included). Full resolution is pulled from `source` one row of tiles at a time; each level's
 * tiles go to a temporary file, and the COG is assembled (smallest overview first) in a temporary file
 * in the same folder and renamed, so a failure or an abort leaves nothing behind.
 */
export async function writeCogFromStrips(
  path: string,
  spec: CogSpec,
  source: StripSource,
  options: WriteCogOptions = {},
): Promise<void> {
  const blockSize = options.blockSize ?? 512;
  validate(spec, blockSize);
  const sizes = pyramidSizes(spec.width, spec.height, blockSize);
  const uncompressed = sizes.reduce((s, l) => s + l.width * l.height * spec.bandCount * bytesPerSample(spec.dtype), 0);
  const f: IfdFormat = { bigTiff: uncompressed > 3.5 * 1024 ** 3 };
  const stem = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}`);
  const levels: LevelData[] = [];
  try {
    for (let i = 0; i < sizes.length; i++) {
      const levelPath = `${stem}.L${i}.tmp`;
      levels.push({ path: levelPath, fh: await open(levelPath, 'w'), size: 0, offsets: [], counts: [] });
    }
    await encodeLevels(spec, sizes, source, levels, blockSize, options);
    await assemble(path, `${stem}.tmp`, spec, sizes, levels, blockSize, f, options.dateTime);
  } catch (error) {
    await rm(`${stem}.tmp`, { force: true });
    // File-system failures (ENOENT, EACCES, ENOSPC...) are the user's to fix; anything else, such as
    // an error from the strip source, passes through unchanged.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
      throw new DataError(`cannot write: ${(error as Error).message}`, { file: path, cause: error });
    throw error;
  } finally {
    for (const level of levels) {
      await level.fh.close().catch(() => undefined);
      await rm(level.path, { force: true });
    }
  }
}

async function encodeLevels(
  spec: CogSpec,
  sizes: ReturnType<typeof pyramidSizes>,
  source: StripSource,
  levels: LevelData[],
  blockSize: number,
  options: WriteCogOptions,
): Promise<void> {
  const { bandCount } = spec;
  const pyramid = new StripPyramid(spec, sizes, blockSize, options.resampling ?? 'average');
  for (let row = 0; row < spec.height; row += blockSize) {
    options.signal?.throwIfAborted();
    const window = { col: 0, row, width: spec.width, height: Math.min(blockSize, spec.height - row) };
    const strip = await source(window, options.signal);
    if (
      strip.width !== spec.width ||
      strip.height !== window.height ||
      strip.bands.length !== bandCount ||
      strip.dtype !== spec.dtype
    ) {
      throw new InputError(
        `strip at row ${row} is ${strip.width}x${strip.height}x${strip.bands.length} ${strip.dtype}, expected ${window.width}x${window.height}x${bandCount} ${spec.dtype}`,
      );
    }
    for (const ready of pyramid.push(strip)) {
      const level = levels[ready.level]!;
      const across = Math.ceil(ready.strip.width / blockSize);
      const compressed = await Promise.all(
        Array.from({ length: across }, (_, tx) =>
          deflateAsync(tileBytes(ready.strip, tx, blockSize), { level: options.level ?? 6 }),
        ),
      );
      const framed = Buffer.concat(compressed.map(frameBlock));
      let pos = level.size;
      for (const data of compressed) {
        level.offsets.push(pos + 4);
        level.counts.push(data.length);
        pos += data.length + 8;
      }
      await level.fh.write(framed, 0, framed.length, level.size);
      level.size = pos;
    }
    options.onProgress?.(row + window.height, spec.height);
  }
  if (!pyramid.done) throw new DataError('internal: pyramid incomplete after the last strip');
}

async function assemble(
  path: string,
  temp: string,
  spec: CogSpec,
  sizes: ReturnType<typeof pyramidSizes>,
  levels: LevelData[],
  blockSize: number,
  f: IfdFormat,
  dateTime: string | undefined,
): Promise<void> {
  const entries = sizes.map((s, i) => levelEntries(spec, i, s, blockSize, f, dateTime));
  const ghost = ghostHeader();
  const headerBytes = f.bigTiff ? 16 : 8;
  const ifdStart: number[] = [];
  let cursor = headerBytes + ghost.length + (ghost.length & 1);
  for (const e of entries) {
    ifdStart.push(cursor);
    cursor += ifdByteSize(e, f);
  }
  // Data: smallest overview first, full resolution last.
  const base: number[] = new Array<number>(levels.length);
  let pos = cursor;
  for (let i = levels.length - 1; i >= 0; i--) {
    base[i] = pos;
    pos += levels[i]!.size;
  }
  if (!f.bigTiff && pos > 2 ** 32 - 1) throw new DataError('internal: classic TIFF offsets overflow');
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
    const offsets = levels[i]!.offsets.map((o) => o + base[i]!);
    const filled = e.map((entry) =>
      entry.tag === 324
        ? { ...entry, values: offsets }
        : entry.tag === 325
          ? { ...entry, values: levels[i]!.counts }
          : entry,
    );
    head.set(encodeIfd(filled, ifdStart[i]!, ifdStart[i + 1] ?? 0, f), ifdStart[i]!);
  });
  const fh = await open(temp, 'w');
  try {
    await fh.write(head, 0, head.length, 0);
    for (let i = levels.length - 1; i >= 0; i--) await copyInto(levels[i]!.path, fh, base[i]!);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, path);
}

async function copyInto(from: string, to: FileHandle, at: number): Promise<void> {
  let pos = at;
  for await (const chunk of createReadStream(from, { highWaterMark: 8 * 1024 * 1024 })) {
    const buf = chunk as Buffer;
    await to.write(buf, 0, buf.length, pos);
    pos += buf.length;
  }
}
