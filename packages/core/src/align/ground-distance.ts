import { pixelSize, pixelToCrs } from '../geotransform.js';
import type { Grid } from './grid.js';

const FEET: Record<string, number> = { ft: 0.3048, 'us-ft': 1200 / 3937 };

/**
 * Mean pixel size of a grid in metres: from CRS units (metres, feet, +to_meter) or, for geographic
 * CRSs, from degrees at the grid's centre latitude.
 */
export function groundSampleDistance(grid: Grid): number {
  const size = pixelSize(grid.transform);
  const def = grid.crs?.proj4 ?? '';
  if (/\+proj=(longlat|latlong|lonlat|latlon)\b/.test(def)) {
    const [, lat] = pixelToCrs(grid.transform, grid.width / 2, grid.height / 2);
    const rad = (lat * Math.PI) / 180;
    const mx = size.x * 111320 * Math.cos(rad);
    const my = size.y * 110574;
    return (mx + my) / 2;
  }
  const toMeter = /\+to_meter=([0-9.eE+-]+)/.exec(def);
  const units = /\+units=([a-z-]+)/.exec(def);
  const factor = toMeter ? Number(toMeter[1]) : units && FEET[units[1]!] ? FEET[units[1]!]! : 1;
  return ((size.x + size.y) / 2) * factor;
}
