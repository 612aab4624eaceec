import type { Crs } from '../crs.js';
import type { GeoTransform } from '../geotransform.js';

/** A georeferenced pixel grid: where pixels are, without the pixels. */
export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly transform: GeoTransform;
  readonly crs: Crs | null;
}

/** True when two CRSs are the same (same EPSG code, or the same proj4 definition). */
export function sameCrs(a: Crs | null, b: Crs | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.epsg !== null && b.epsg !== null) return a.epsg === b.epsg;
  return a.proj4 !== null && a.proj4 === b.proj4;
}
