import type { Crs } from './crs.js';
import type { DType, TypedArray } from './dtype.js';
import type { GeoTransform } from './geotransform.js';
import type { PixelWindow } from './window.js';

/** A band's nodata value: a number (NaN allowed) or null when the band has none. */
export type Nodata = number | null;

/**
 * The one currency type: pixels of one or more bands, band-separate (one typed array per band,
 * row-major), with where they are on Earth. Complex dtypes hold interleaved (re, im) pairs.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly dtype: DType;
  readonly bands: readonly TypedArray[];
  /** Null for files with no georeferencing (or only ground control points). */
  readonly transform: GeoTransform | null;
  readonly crs: Crs | null;
  readonly nodata: readonly Nodata[];
}

/** What a raster will hold, known before its pixels: a Raster without the bands. */
export type RasterSpec = Omit<Raster, 'bands'> & { readonly bandCount: number };

export interface OverviewInfo {
  readonly width: number;
  readonly height: number;
}

/** What a raster file holds, read from its header without decoding pixels. */
export interface RasterInfo {
  readonly width: number;
  readonly height: number;
  readonly bandCount: number;
  readonly dtype: DType;
  readonly transform: GeoTransform | null;
  readonly crs: Crs | null;
  readonly nodata: readonly Nodata[];
  /** Reduced-resolution levels, largest first (internal or from an external .ovr). */
  readonly overviews: readonly OverviewInfo[];
  /** Compression of the full-resolution image ("deflate", "lzw", "jpeg", "none", ...). */
  readonly compression: string;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly gcpCount: number;
  /** Where a per-dataset validity mask comes from, if any. */
  readonly mask: 'internal' | 'external' | null;
  /** Acquisition date-time from the file's DateTime tag, as written there (null when absent). */
  readonly dateTime: string | null;
}

export interface ReadOptions {
  /** 0 is full resolution; 1.. are the overviews in order. */
  readonly level?: number;
  /** 0-based band indices; all bands when omitted. */
  readonly bands?: readonly number[];
  readonly signal?: AbortSignal;
}

/** Port implemented by io: reads georeferenced pixels window by window. */
export interface RasterReader {
  readonly path: string;
  info(): RasterInfo;
  /** Reads a window of the given level; the window is in that level's pixel grid. */
  read(window: PixelWindow, options?: ReadOptions): Promise<Raster>;
  /** Validity mask of a window (255 valid, 0 not), from the file's mask; null when it has none. */
  readMask(window: PixelWindow, options?: ReadOptions): Promise<Uint8Array | null>;
  close(): Promise<void>;
}
