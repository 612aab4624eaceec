import type { Raster } from '@payesh/core';
import { openGeoTiff } from '../index.js';

/** Every pixel of a (small) GeoTIFF at full resolution. */
export async function readWholeRaster(path: string): Promise<Raster> {
  const r = await openGeoTiff(path);
  try {
    const i = r.info();
    return await r.read({ col: 0, row: 0, width: i.width, height: i.height });
  } finally {
    await r.close();
  }
}
