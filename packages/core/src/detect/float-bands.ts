import type { Raster } from '../raster.js';

/** A raster's bands as float32, NaN where a band holds nodata or the validity mask says invalid. */
export function toFloatBands(raster: Raster, mask: Uint8Array | null = null): Float32Array[] {
  const n = raster.width * raster.height;
  const out = raster.bands.map((band) => Float32Array.from(band));
  for (let i = 0; i < n; i++) {
    let invalid = mask !== null && mask[i] === 0;
    for (let b = 0; b < raster.bands.length && !invalid; b++) {
      const nd = raster.nodata[b];
      const v = out[b]![i]!;
      if (nd !== null && nd !== undefined && (v === nd || (Number.isNaN(nd) && Number.isNaN(v)))) invalid = true;
    }
    if (invalid) for (const band of out) band[i] = NaN;
  }
  return out;
}
