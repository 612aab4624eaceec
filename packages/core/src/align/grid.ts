import type { Crs } from '../crs.js';
import { scaleGeoTransform, type GeoTransform } from '../geotransform.js';
import type { RasterInfo } from '../raster.js';

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

/** The grid of a level of a raster (0: full resolution, 1.. its overviews); the raster must be georeferenced. */
export function levelGrid(info: RasterInfo, level: number): Grid {
  if (level === 0) return { width: info.width, height: info.height, transform: info.transform!, crs: info.crs };
  const o = info.overviews[level - 1]!;
  return {
    width: o.width,
    height: o.height,
    transform: scaleGeoTransform(info.transform!, info.width / o.width, info.height / o.height),
    crs: info.crs,
  };
}
