import type { Crs } from '../crs.js';

/** The largest |x| and |y| a coordinate can plausibly have in a CRS, and how to say so. */
export interface CoordinateRange {
  readonly maxAbsX: number;
  readonly maxAbsY: number;
  readonly description: string;
}

/** Longitude and latitude. */
export const GEOGRAPHIC_RANGE: CoordinateRange = {
  maxAbsX: 180,
  maxAbsY: 90,
  description: 'longitude -180..180 and latitude -90..90',
};

/**
 * Projected coordinates: 1e8 units, ten times Earth's quarter meridian in metres, wide enough for
 * false northings (UTM south: 10,000,000 m) and zone-prefixed eastings (EPSG:4647: 32,500,000 m),
 * narrow enough to catch 1e308 and other numbers that are no place.
 */
export const PROJECTED_RANGE: CoordinateRange = { maxAbsX: 1e8, maxAbsY: 1e8, description: '|x| and |y| up to 1e8' };

/** The plausible range for a CRS: geographic (proj4 longlat, or WKT GEOGCS) or projected. */
export function coordinateRange(crs: Crs): CoordinateRange {
  const def = crs.proj4 ?? '';
  return /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(def) || /^\s*GEOG(CS|CRS)\[/i.test(def)
    ? GEOGRAPHIC_RANGE
    : PROJECTED_RANGE;
}
