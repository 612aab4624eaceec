import { stat } from 'node:fs/promises';
import {
  clipWindow,
  DataError,
  InputError,
  scaleGeoTransform,
  toDataError,
  windowGeoTransform,
  type PixelWindow,
  type Raster,
  type RasterInfo,
  type RasterReader,
  type ReadOptions,
} from '@payesh/core';
import { compressionName } from './codecs/index.js';
import { crsFromGeoKeys } from './geokeys-crs.js';
import { gcpCountOf, geoTransformOf, parseNodata } from './georeference.js';
import { readImageTags } from './image-tags.js';
import { scanTiffStructure } from './tiff-structure.js';
import { IMAGE_LIMITS, TiffImage, type TiffFile } from './tiff-image.js';
import { BlockCache } from './block-cache.js';
import { geoTiffFromSource } from './tiff-source.js';
import type { ByteSource, ByteStats } from '../source/byte-source.js';
import type { HttpOptions } from '../source/http-request.js';
import { openByteSource } from '../source/open-byte-source.js';
import { isHttpUrl, redactUrl } from '../source/url.js';
import { checkCompressionRatio, DEFAULT_RASTER_LIMITS, type RasterLimits } from './raster-limits.js';

const SUBFILE_REDUCED = 1;
const SUBFILE_MASK = 4;

export interface OpenOptions {
  /** Largest window, in bytes of decoded samples, one read may return. */
  readonly maxReadBytes?: number;
  /** What the file may declare and make us decode (each defaults to DEFAULT_RASTER_LIMITS). */
  readonly limits?: Partial<RasterLimits>;
  readonly signal?: AbortSignal;
  /** Retries, timeouts and caching of a raster read by URL. */
  readonly http?: HttpOptions;
  /** Counts the reads or HTTP requests and the bytes fetched (for tests and benchmarks). */
  readonly stats?: ByteStats;
}

const DEFAULT_MAX_READ_BYTES = 2 * 1024 ** 3;

interface OpenedTiff {
  readonly source: ByteSource;
  readonly images: TiffImage[];
}

/** What a failed open or read throws: an abort as it is (the caller stopped us), anything else as a DataError naming the file. */
function readError(error: unknown, path: string): unknown {
  return (error as { name?: string } | null)?.name === 'AbortError' ? error : toDataError(error, path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Opens one TIFF (a file or a URL) and parses every image directory, after checking its structure,
 * and its declared sizes and compression ratio against the limits.
 */
async function openTiff(pathOrUrl: string, limits: RasterLimits, options: OpenOptions): Promise<OpenedTiff> {
  const source = await openByteSource(pathOrUrl, options);
  try {
    const structure = await scanTiffStructure(source, options.signal);
    const tiff = await geoTiffFromSource(source, options.signal);
    const file: TiffFile = {
      source,
      size: source.size,
      littleEndian: structure.littleEndian,
      cache: new BlockCache(IMAGE_LIMITS.blockCacheBytes),
      limits,
    };
    const images: TiffImage[] = [];
    for (let i = 0; i < structure.ifdOffsets.length; i++) {
      const image = await tiff.getImage(i);
      images.push(new TiffImage(image, await readImageTags(image), file, i));
    }
    checkCompressionRatio(await Promise.all(images.map((im) => im.blockBytes())), limits);
    return { source, images };
  } catch (error) {
    await source.close();
    throw readError(error, source.name);
  }
}

/**
 * Opens a GeoTIFF or COG, a local file or an http(s) URL (read by range requests), for
 * window-by-window reading. Overviews come from the file or, failing that, from an external
 * `<file>.ovr`; a per-dataset mask from the file or an external `<file>.msk` (files only: a URL's
 * sidecars are not looked for). Messages name a URL without its credentials.
 */
export async function openGeoTiff(pathOrUrl: string, options: OpenOptions = {}): Promise<RasterReader> {
  const limits: RasterLimits = { ...DEFAULT_RASTER_LIMITS, ...options.limits };
  const remote = isHttpUrl(pathOrUrl);
  const path = pathOrUrl;
  const name = redactUrl(pathOrUrl);
  const main = await openTiff(path, limits, options);
  const opened = [main];
  try {
    const [full, ...rest] = main.images;
    if (!full) throw new DataError('TIFF has no image', { file: name });
    const isMask = (im: TiffImage): boolean => (im.tags.newSubfileType & SUBFILE_MASK) !== 0;
    const sameBands = (im: TiffImage): boolean => im.tags.samplesPerPixel === full.tags.samplesPerPixel;
    let overviews = rest.filter(
      (im) => (im.tags.newSubfileType & SUBFILE_REDUCED) !== 0 && !isMask(im) && sameBands(im),
    );
    let masks = rest.filter(isMask);
    let maskSource: RasterInfo['mask'] = masks.length > 0 ? 'internal' : null;
    if (overviews.length === 0 && !remote && (await exists(`${path}.ovr`))) {
      const ovr = await openTiff(`${path}.ovr`, limits, options);
      opened.push(ovr);
      overviews = ovr.images.filter((im) => !isMask(im) && sameBands(im));
    }
    if (masks.length === 0 && !remote && (await exists(`${path}.msk`))) {
      const msk = await openTiff(`${path}.msk`, limits, options);
      opened.push(msk);
      masks = msk.images;
      maskSource = 'external';
    }
    overviews.sort((a, b) => b.width - a.width);
    return new GeoTiffReader(
      name,
      [full, ...overviews],
      masks,
      maskSource,
      opened,
      options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES,
    );
  } catch (error) {
    await Promise.all(opened.map((o) => o.source.close()));
    throw readError(error, name);
  }
}

class GeoTiffReader implements RasterReader {
  readonly path: string;
  private readonly levels: readonly TiffImage[];
  private readonly masks: readonly TiffImage[];
  private readonly opened: readonly OpenedTiff[];
  private readonly maxReadBytes: number;
  private readonly summary: RasterInfo;

  constructor(
    path: string,
    levels: TiffImage[],
    masks: TiffImage[],
    mask: RasterInfo['mask'],
    opened: OpenedTiff[],
    maxReadBytes: number,
  ) {
    this.path = path;
    this.levels = levels;
    this.masks = masks;
    this.opened = opened;
    this.maxReadBytes = maxReadBytes;
    const full = levels[0]!;
    const t = full.tags;
    const parsed = parseNodata(t.gdalNodata);
    // GDAL reports a float32 band's nodata rounded to float32, as the band stores it.
    const nodata = parsed !== null && full.dtype === 'float32' ? Math.fround(parsed) : parsed;
    const transform = geoTransformOf(t);
    this.summary = {
      width: t.width,
      height: t.height,
      bandCount: t.samplesPerPixel,
      dtype: full.dtype,
      transform,
      // Files georeferenced by ground control points only have no dataset CRS (as in GDAL).
      crs: transform === null ? null : crsFromGeoKeys(t.geoKeys),
      nodata: Array.from({ length: t.samplesPerPixel }, () => nodata),
      overviews: levels.slice(1).map((l) => ({ width: l.width, height: l.height })),
      compression: t.photometric === 6 && t.compression === 7 ? 'ycbcr-jpeg' : compressionName(t.compression),
      blockWidth: t.blockWidth,
      blockHeight: t.blockHeight,
      gcpCount: gcpCountOf(t),
      mask,
      dateTime: t.dateTime,
    };
  }

  info(): RasterInfo {
    return this.summary;
  }

  async read(window: PixelWindow, options: ReadOptions = {}): Promise<Raster> {
    const level = this.level(options.level ?? 0);
    const bands = options.bands ?? Array.from({ length: this.summary.bandCount }, (_, i) => i);
    for (const b of bands) {
      if (!Number.isInteger(b) || b < 0 || b >= this.summary.bandCount) {
        throw new InputError(`band ${b + 1} does not exist (the raster has ${this.summary.bandCount})`, {
          file: this.path,
        });
      }
    }
    const win = this.checkWindow(window, level, bands.length);
    let data;
    try {
      data = await level.readWindow(win, bands, options.signal);
    } catch (error) {
      throw readError(error, this.path);
    }
    const s = this.summary;
    const gt = s.transform ? scaleGeoTransform(s.transform, s.width / level.width, s.height / level.height) : null;
    return {
      width: win.width,
      height: win.height,
      dtype: level.dtype,
      bands: data,
      transform: gt ? windowGeoTransform(gt, win.col, win.row) : null,
      crs: s.crs,
      nodata: bands.map((b) => s.nodata[b]!),
    };
  }

  async readMask(window: PixelWindow, options: ReadOptions = {}): Promise<Uint8Array | null> {
    const level = this.level(options.level ?? 0);
    const mask = this.masks.find((m) => m.width === level.width && m.height === level.height);
    if (!mask) return null;
    const win = this.checkWindow(window, level, 1);
    try {
      const [values] = await mask.readWindow(win, [0], options.signal);
      const out = new Uint8Array(win.width * win.height);
      for (let i = 0; i < out.length; i++) out[i] = values![i] ? 255 : 0;
      return out;
    } catch (error) {
      throw readError(error, this.path);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((o) => o.source.close()));
  }

  private level(index: number): TiffImage {
    const level = this.levels[index];
    if (!Number.isInteger(index) || !level) {
      throw new InputError(`overview level ${index} does not exist (levels 0..${this.levels.length - 1})`, {
        file: this.path,
      });
    }
    return level;
  }

  private checkWindow(window: PixelWindow, level: TiffImage, bandCount: number): PixelWindow {
    const inside = clipWindow(window, level.width, level.height);
    if (inside === null || inside.width !== window.width || inside.height !== window.height) {
      throw new InputError(
        `window ${window.width}x${window.height} at (${window.col}, ${window.row}) is not inside the ${level.width}x${level.height} image`,
        { file: this.path },
      );
    }
    const bytes = window.width * window.height * bandCount * 8;
    if (bytes > this.maxReadBytes) {
      throw new DataError(
        `a ${window.width}x${window.height} window is larger than one read may be (${this.maxReadBytes} bytes); read it window by window`,
        {
          file: this.path,
          code: 'limit',
        },
      );
    }
    return inside;
  }
}
