import { isFloat, type Raster } from '@payesh/core';

/**
 * Tile `tx` of a strip (a full-width run of at most `size` rows) as little-endian interleaved
 * samples, edges padded with nodata, TIFF predictor 2 applied to integers.
 */
export function tileBytes(strip: Raster, tx: number, size: number): Uint8Array {
  const spp = strip.bands.length;
  const first = strip.bands[0]!;
  const Ctor = first.constructor as new (n: number) => typeof first;
  const tile = new Ctor(size * size * spp);
  const fill = strip.nodata[0];
  if (fill !== null && fill !== undefined && !Number.isNaN(fill)) tile.fill(fill as never);
  const rows = Math.min(size, strip.height);
  const cols = Math.min(size, strip.width - tx * size);
  for (let b = 0; b < spp; b++) {
    const band = strip.bands[b]!;
    for (let r = 0; r < rows; r++) {
      const src = r * strip.width + tx * size;
      const dst = r * size * spp + b;
      for (let c = 0; c < cols; c++) tile[dst + c * spp] = band[src + c]!;
    }
  }
  if (!isFloat(strip.dtype)) differenceRows(tile, size, spp);
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

/** A compressed block framed as GDAL's COG driver does: a uint32 size leader and the last 4 bytes repeated. */
export function frameBlock(data: Uint8Array): Buffer {
  const framed = Buffer.alloc(data.length + 8);
  framed.writeUInt32LE(data.length, 0);
  framed.set(data, 4);
  framed.set(data.subarray(data.length - 4), data.length + 4);
  return framed;
}
