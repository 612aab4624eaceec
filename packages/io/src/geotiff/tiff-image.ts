import type { GeoTIFFImage } from 'geotiff';
import { allocateSamples, DataError, isComplex, type DType, type PixelWindow, type TypedArray } from '@payesh/core';
import { createBlockDecoder, type BlockDecoder } from './codecs/index.js';
import type { BlockCache } from './block-cache.js';
import type { ByteSource } from '../source/byte-source.js';
import { untilAborted } from '../source/until-aborted.js';
import type { ImageTags } from './image-tags.js';
import { checkBlockSize, checkImageSize, type BlockBytes, type RasterLimits } from './raster-limits.js';
import { undoPredictor } from './predictor.js';
import { dtypeOf, halfToFloat32, storedSampleBytes, swapBytes, unpackBits, ycbcrToRgbInPlace } from './samples.js';

/** Limits on what a single image may make us allocate. */
export const IMAGE_LIMITS = {
  /** Decoded blocks kept per open file. */
  blockCacheBytes: 64 * 1024 * 1024,
  maxDimension: 2 ** 31 - 1,
} as const;

const PHOTOMETRIC_YCBCR = 6;
/** Raw bytes a remote window read asks for ahead (half the HTTP source's default chunk cache). */
const PREFETCH_BYTES = 8 * 1024 * 1024;
const COMPRESSION_JPEG = 7;

/** The part of a TIFF file an image reads its blocks from. */
export interface TiffFile {
  readonly source: ByteSource;
  readonly size: number;
  readonly littleEndian: boolean;
  /** Decoded blocks of every image of the file. */
  readonly cache: BlockCache<TypedArray | null>;
  readonly limits: RasterLimits;
}

interface BlockTable {
  readonly offsets: Float64Array;
  readonly counts: Float64Array;
}

/**
 * One image (IFD) of a TIFF: full resolution, an overview or a mask. Reads any window by decoding
 * only the blocks that window touches, with every size checked against the file before use.
 */
export class TiffImage {
  readonly tags: ImageTags;
  readonly dtype: DType;
  private readonly file: TiffFile;
  private readonly image: GeoTIFFImage;
  private readonly blocksAcross: number;
  private readonly blocksDown: number;
  private readonly storedBytes: number;
  private table: Promise<BlockTable> | null = null;
  private decoder: Promise<BlockDecoder> | null = null;

  /** Distinguishes this image's blocks in the file's cache. */
  private readonly id: number;

  constructor(image: GeoTIFFImage, tags: ImageTags, file: TiffFile, id: number) {
    this.id = id;
    this.image = image;
    this.tags = tags;
    this.file = file;
    const { width, height, blockWidth, blockHeight, bitsPerSample, sampleFormat, samplesPerPixel } = tags;
    if (!(width > 0 && height > 0) || width > IMAGE_LIMITS.maxDimension || height > IMAGE_LIMITS.maxDimension) {
      throw new DataError(`corrupt TIFF: image size ${width}x${height}`);
    }
    if (!(blockWidth > 0 && blockHeight > 0))
      throw new DataError(`corrupt TIFF: block size ${blockWidth}x${blockHeight}`);
    if (samplesPerPixel < 1 || samplesPerPixel > 65535)
      throw new DataError(`corrupt TIFF: ${samplesPerPixel} samples per pixel`);
    if (tags.planarConfiguration !== 1 && tags.planarConfiguration !== 2) {
      throw new DataError(`corrupt TIFF: planar configuration ${tags.planarConfiguration}`);
    }
    if (bitsPerSample.some((b) => b !== bitsPerSample[0]) || sampleFormat.some((f) => f !== sampleFormat[0])) {
      throw new DataError('bands with different sample types are not supported', { code: 'unsupported' });
    }
    this.dtype = dtypeOf(sampleFormat[0]!, bitsPerSample[0]!);
    this.storedBytes = storedSampleBytes(bitsPerSample[0]!);
    checkImageSize(width, height, samplesPerPixel, file.limits);
    checkBlockSize(blockWidth, blockHeight, this.rowBytes() * blockHeight, file.limits);
    if (tags.photometric === PHOTOMETRIC_YCBCR && tags.compression !== COMPRESSION_JPEG) {
      throw new DataError('YCbCr images without JPEG compression are not supported', { code: 'unsupported' });
    }
    this.blocksAcross = Math.ceil(width / blockWidth);
    this.blocksDown = Math.ceil(height / blockHeight);
  }

  get width(): number {
    return this.tags.width;
  }

  get height(): number {
    return this.tags.height;
  }

  /** Decoded bytes of one row of a block. */
  private rowBytes(): number {
    const { blockWidth, bitsPerSample, samplesPerPixel, planarConfiguration } = this.tags;
    return Math.ceil((blockWidth * (planarConfiguration === 1 ? samplesPerPixel : 1) * bitsPerSample[0]!) / 8);
  }

  /** What the stored (non-sparse) blocks take in the file and would take decoded; reads the block table only. */
  async blockBytes(): Promise<BlockBytes> {
    const { counts } = await this.blockTable();
    const { blockHeight, height, tiled } = this.tags;
    const perPlane = this.blocksAcross * this.blocksDown;
    let decoded = 0;
    let stored = 0;
    for (let i = 0; i < counts.length && i < perPlane * this.planes(); i++) {
      if (counts[i]! === 0) continue;
      const by = Math.floor((i % perPlane) / this.blocksAcross);
      decoded += this.rowBytes() * (tiled ? blockHeight : Math.min(blockHeight, height - by * blockHeight));
      stored += counts[i]!;
    }
    return { decoded, stored };
  }

  private planes(): number {
    return this.tags.planarConfiguration === 2 ? this.tags.samplesPerPixel : 1;
  }

  /** Reads `bands` (0-based sample indices) of a window inside this image, one array per band. */
  async readWindow(window: PixelWindow, bands: readonly number[], signal?: AbortSignal): Promise<TypedArray[]> {
    const { blockWidth, blockHeight } = this.tags;
    const out = bands.map(() => allocateSamples(this.dtype, window.width * window.height));
    const col0 = Math.floor(window.col / blockWidth);
    const col1 = Math.floor((window.col + window.width - 1) / blockWidth);
    const row0 = Math.floor(window.row / blockHeight);
    const row1 = Math.floor((window.row + window.height - 1) / blockHeight);
    const planar = this.tags.planarConfiguration === 2;
    const planes = planar ? bands : [0];
    if (this.file.source.prefetch) {
      // Remote: ask for the raw bytes of every row of blocks now (in parallel, adjacent blocks merged),
      // so fetching the next rows overlaps decoding this one; blocks already decoded are skipped, and
      // at most PREFETCH_BYTES are asked for (more could be evicted from the source's cache unused).
      const table = await this.blockTable();
      let asked = 0;
      for (let by = row0; by <= row1 && asked < PREFETCH_BYTES; by++)
        for (const plane of planes)
          for (let bx = col0; bx <= col1; bx++) {
            const index = this.blockIndex(bx, by, plane);
            if (table.counts[index]! > 0 && !this.file.cache.has(`${this.id}:${index}`)) {
              this.file.source.prefetch(table.offsets[index]!, table.counts[index]!);
              asked += table.counts[index]!;
            }
          }
    }
    for (let by = row0; by <= row1; by++) {
      signal?.throwIfAborted();
      const jobs: Promise<void>[] = [];
      for (let bx = col0; bx <= col1; bx++) {
        if (planar) {
          bands.forEach((band, i) => jobs.push(this.copyBlock(bx, by, band, window, [band], [out[i]!], 1)));
        } else {
          jobs.push(this.copyBlock(bx, by, 0, window, bands, out, this.tags.samplesPerPixel));
        }
      }
      // Remote decodes are shared with other readers of the blocks and may wait on the network: an abort
      // stops this wait, not their decodes. A file's blocks are read at once.
      await (this.file.source.remote ? untilAborted(Promise.all(jobs), signal) : Promise.all(jobs));
    }
    return out;
  }

  /** Decodes block (bx, by) of `plane` and copies the requested samples into the window arrays. */
  private async copyBlock(
    bx: number,
    by: number,
    plane: number,
    window: PixelWindow,
    samples: readonly number[],
    out: readonly TypedArray[],
    samplesInBlock: number,
  ): Promise<void> {
    const { blockWidth, blockHeight, width, height } = this.tags;
    const rows = this.tags.tiled ? blockHeight : Math.min(blockHeight, height - by * blockHeight);
    const pixels = await this.decodeBlock(bx, by, plane, rows, samplesInBlock);
    const e = isComplex(this.dtype) ? 2 : 1;
    const x0 = Math.max(window.col, bx * blockWidth);
    const x1 = Math.min(window.col + window.width, (bx + 1) * blockWidth, width);
    const y0 = Math.max(window.row, by * blockHeight);
    const y1 = Math.min(window.row + window.height, by * blockHeight + rows);
    samples.forEach((sample, i) => {
      const dst = out[i]!;
      if (pixels === null) {
        this.fillNodata(dst, window, x0, x1, y0, y1, e);
        return;
      }
      for (let y = y0; y < y1; y++) {
        const srcRow = (y - by * blockHeight) * blockWidth;
        const dstRow = (y - window.row) * window.width;
        if (samplesInBlock === 1) {
          dst.set(
            pixels.subarray((srcRow + x0 - bx * blockWidth) * e, (srcRow + x1 - bx * blockWidth) * e),
            (dstRow + x0 - window.col) * e,
          );
          continue;
        }
        if (e === 1) {
          // Interleaved real samples, the common case (RGB): one stride walk.
          let s = (srcRow + x0 - bx * blockWidth) * samplesInBlock + sample;
          const end = dstRow + x1 - window.col;
          for (let d = dstRow + x0 - window.col; d < end; d++, s += samplesInBlock) dst[d] = pixels[s]!;
          continue;
        }
        for (let x = x0; x < x1; x++) {
          const s = ((srcRow + x - bx * blockWidth) * samplesInBlock + sample) * e;
          const d = (dstRow + x - window.col) * e;
          dst[d] = pixels[s]!;
          dst[d + 1] = pixels[s + 1]!;
        }
      }
    });
  }

  private fillNodata(
    dst: TypedArray,
    window: PixelWindow,
    x0: number,
    x1: number,
    y0: number,
    y1: number,
    e: number,
  ): void {
    const nodata = this.tags.gdalNodata === null ? 0 : Number(this.tags.gdalNodata);
    const value = Number.isNaN(nodata) && !(dst instanceof Float32Array || dst instanceof Float64Array) ? 0 : nodata;
    for (let y = y0; y < y1; y++) {
      const row = (y - window.row) * window.width;
      dst.fill(value as never, (row + x0 - window.col) * e, (row + x1 - window.col) * e);
    }
  }

  private blockIndex(bx: number, by: number, plane: number): number {
    return plane * this.blocksAcross * this.blocksDown + by * this.blocksAcross + bx;
  }

  /** The block's samples as a typed array of this image's dtype; null for a sparse (empty) block. */
  private decodeBlock(
    bx: number,
    by: number,
    plane: number,
    rows: number,
    samplesInBlock: number,
  ): Promise<TypedArray | null> {
    const index = this.blockIndex(bx, by, plane);
    return this.file.cache.get(`${this.id}:${index}`, () => this.decodeBlockUncached(index, rows, samplesInBlock));
  }

  private async decodeBlockUncached(index: number, rows: number, samplesInBlock: number): Promise<TypedArray | null> {
    const { blockWidth, bitsPerSample, predictor, photometric, compression } = this.tags;
    const table = await this.blockTable();
    const offset = table.offsets[index]!;
    const count = table.counts[index]!;
    if (count === 0) return null;
    const raw = await this.file.source.read(offset, count);
    if (raw.byteLength < count) throw new DataError(`file is truncated: block ${index} ends past the end of the file`);
    const bits = bitsPerSample[0]!;
    const expected = Math.ceil((blockWidth * samplesInBlock * bits) / 8) * rows;
    let bytes = await (await this.blockDecoder()).call(null, raw, expected);
    if (this.storedBytes === 0) {
      return unpackBits(bytes, bits, blockWidth * samplesInBlock, rows);
    }
    bytes = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    if (predictor === 3) {
      undoPredictor(bytes, 3, blockWidth, rows, samplesInBlock, this.storedBytes);
    } else {
      if (!this.file.littleEndian) swapBytes(bytes, isComplex(this.dtype) ? this.storedBytes / 2 : this.storedBytes);
      undoPredictor(bytes, predictor, blockWidth, rows, samplesInBlock, this.storedBytes);
    }
    if (photometric === PHOTOMETRIC_YCBCR && compression === COMPRESSION_JPEG) ycbcrToRgbInPlace(bytes, samplesInBlock);
    if (bits === 16 && this.dtype === 'float32') return halfToFloat32(bytes);
    const proto = allocateSamples(this.dtype, 0);
    const Ctor = proto.constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;
    return new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / proto.BYTES_PER_ELEMENT);
  }

  private blockDecoder(): Promise<BlockDecoder> {
    this.decoder ??= createBlockDecoder({
      compression: this.tags.compression,
      blockWidth: this.tags.blockWidth,
      blockHeight: this.tags.blockHeight,
      samplesPerPixel: this.tags.samplesPerPixel,
      bitsPerSample: this.tags.bitsPerSample,
      planarConfiguration: this.tags.planarConfiguration,
      jpegTables: this.tags.jpegTables,
      lercParameters: this.tags.lercParameters,
    });
    return this.decoder;
  }

  /** Block offsets and byte counts, loaded once and checked against the file size and the block grid. */
  private blockTable(): Promise<BlockTable> {
    this.table ??= (async () => {
      const fd = this.image.fileDirectory;
      const tiled = this.tags.tiled;
      const offsets = Float64Array.from(
        (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number>,
        Number,
      );
      const counts = Float64Array.from(
        (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number>,
        Number,
      );
      const needed = this.blocksAcross * this.blocksDown * this.planes();
      if (offsets.length < needed || counts.length < needed) {
        throw new DataError(
          `corrupt TIFF: ${this.width}x${this.height} image needs ${needed} blocks but the file lists ${Math.min(offsets.length, counts.length)}`,
        );
      }
      for (let i = 0; i < needed; i++) {
        if (counts[i]! > 0 && offsets[i]! + counts[i]! > this.file.size) {
          throw new DataError(
            `file is truncated: block ${i} (offset ${offsets[i]}, ${counts[i]} bytes) ends past the end of the file (${this.file.size} bytes)`,
          );
        }
      }
      return { offsets, counts };
    })();
    return this.table;
  }
}
