import { DataError } from '@payesh/core';

/**
 * What one raster file may make us decode, checked from its directories before any block is read.
 * Together they bound the work a small hostile file can cause: at most maxCompressionRatio times the
 * file's size in decoded bytes, never more than maxBlockBytes at once.
 */
export interface RasterLimits {
  /** Pixels times bands of any image in the file (default 2^36: a 130,000 x 130,000 4-band mosaic). */
  readonly maxPixels: number;
  /** Decoded bytes of all stored blocks of a file over their stored bytes (sparse blocks hold nothing and count for nothing). */
  readonly maxCompressionRatio: number;
  /** Decoded bytes of one tile or strip (default 64 MiB: a 4096 x 4096 RGBA or float32 tile). */
  readonly maxBlockBytes: number;
}

export const DEFAULT_RASTER_LIMITS: RasterLimits = {
  maxPixels: 2 ** 36,
  maxCompressionRatio: 1000,
  maxBlockBytes: 64 * 1024 * 1024,
};

/** The decoded and stored bytes of an image's blocks. */
export interface BlockBytes {
  readonly decoded: number;
  readonly stored: number;
}

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(bytes < 1024 ** 2 ? 2 : 0)} MiB`;

export function checkImageSize(width: number, height: number, bands: number, limits: RasterLimits): void {
  const pixels = width * height * bands;
  if (pixels > limits.maxPixels) {
    throw new DataError(
      `declares ${width}x${height} pixels x ${bands} band${bands === 1 ? '' : 's'} (${pixels} in all), more than the limit of ${limits.maxPixels} (raise it with --max-pixels)`,
      { code: 'limit' },
    );
  }
}

export function checkBlockSize(blockWidth: number, blockHeight: number, bytes: number, limits: RasterLimits): void {
  if (bytes > limits.maxBlockBytes) {
    throw new DataError(
      `one ${blockWidth}x${blockHeight} block decodes to ${mib(bytes)}, more than the ${mib(limits.maxBlockBytes)} a block may (rewrite it with smaller tiles, e.g. gdal_translate -co TILED=YES)`,
      { code: 'limit' },
    );
  }
}

/** Checks a whole file's blocks against the compression-ratio limit. */
export function checkCompressionRatio(images: readonly BlockBytes[], limits: RasterLimits): void {
  const decoded = images.reduce((s, b) => s + b.decoded, 0);
  const stored = images.reduce((s, b) => s + b.stored, 0);
  if (stored > 0 && decoded / stored > limits.maxCompressionRatio) {
    throw new DataError(
      `its blocks would decode to ${mib(decoded)} from ${mib(stored)} stored (${Math.round(decoded / stored)}:1), more than the ${limits.maxCompressionRatio}:1 compression-ratio limit (raise it with --max-compression-ratio)`,
      { code: 'limit' },
    );
  }
}
