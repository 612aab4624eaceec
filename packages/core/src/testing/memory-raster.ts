import type { Raster, RasterInfo, RasterReader, ReadOptions } from '../raster.js';
import type { TypedArray } from '../dtype.js';
import { windowGeoTransform } from '../geotransform.js';
import type { PixelWindow } from '../window.js';
import type { RasterName, RasterSink } from '../detect/run-detection.js';

/** A RasterReader over a raster held in memory: full resolution only, honouring the signal; counts reads and closes. */
export interface MemoryReader extends RasterReader {
  readonly reads: number;
  readonly closed: boolean;
}

function crop<T extends TypedArray>(band: T, width: number, w: PixelWindow): T {
  const out = new (band.constructor as new (n: number) => T)(w.width * w.height);
  for (let r = 0; r < w.height; r++)
    out.set(band.subarray((w.row + r) * width + w.col, (w.row + r) * width + w.col + w.width), r * w.width);
  return out;
}

/** Reads windows of `raster`, and of `mask` (255 valid, 0 not) when given. */
export function memoryReader(raster: Raster, mask: Uint8Array | null = null, path = 'memory.tif'): MemoryReader {
  const info: RasterInfo = {
    width: raster.width,
    height: raster.height,
    bandCount: raster.bands.length,
    dtype: raster.dtype,
    transform: raster.transform,
    crs: raster.crs,
    nodata: raster.nodata,
    overviews: [],
    compression: 'none',
    blockWidth: raster.width,
    blockHeight: raster.height,
    gcpCount: 0,
    mask: mask ? 'internal' : null,
    dateTime: null,
  };
  const check = (w: PixelWindow, options: ReadOptions): void => {
    options.signal?.throwIfAborted();
    if ((options.level ?? 0) !== 0) throw new RangeError(`${path} has no overviews`);
    if (
      w.col < 0 ||
      w.row < 0 ||
      w.width <= 0 ||
      w.height <= 0 ||
      w.col + w.width > raster.width ||
      w.row + w.height > raster.height
    ) {
      throw new RangeError(`window ${JSON.stringify(w)} is outside ${path} (${raster.width}x${raster.height})`);
    }
  };
  let reads = 0;
  let closed = false;
  return {
    path,
    get reads() {
      return reads;
    },
    get closed() {
      return closed;
    },
    info: () => info,
    async read(w, options = {}) {
      check(w, options);
      reads++;
      const bands = options.bands ?? raster.bands.map((_, i) => i);
      return {
        width: w.width,
        height: w.height,
        dtype: raster.dtype,
        bands: bands.map((b) => crop(raster.bands[b]!, raster.width, w)),
        transform: raster.transform ? windowGeoTransform(raster.transform, w.col, w.row) : null,
        crs: raster.crs,
        nodata: bands.map((b) => raster.nodata[b] ?? null),
      };
    },
    async readMask(w, options = {}) {
      check(w, options);
      return mask ? crop(mask, raster.width, w) : null;
    },
    async close() {
      closed = true;
    },
  };
}

/** A RasterSink that keeps what detection writes in memory (pulled strip by strip, as io's COG writer does). */
export function memorySink(stripHeight = 32): {
  sink: RasterSink;
  written: Map<RasterName, Raster>;
  readers: MemoryReader[];
} {
  const written = new Map<RasterName, Raster>();
  const readers: MemoryReader[] = [];
  const sink: RasterSink = async (name, spec, strip) => {
    const band = new Uint8Array(spec.width * spec.height);
    for (let row = 0; row < spec.height; row += stripHeight) {
      const part = await strip({ col: 0, row, width: spec.width, height: Math.min(stripHeight, spec.height - row) });
      band.set(part.bands[0]!, row * spec.width);
    }
    const { bandCount: _bandCount, ...rest } = spec;
    const raster: Raster = { ...rest, bands: [band] };
    written.set(name, raster);
    const reader = memoryReader(raster, null, `${name}.tif`);
    readers.push(reader);
    return reader;
  };
  return { sink, written, readers };
}
