import proj4 from 'proj4';
import type { MultiPolygon, Position } from 'geojson';
import { ringArea2, type AreaGeometry } from './planar.js';
import type { Crs } from '../crs.js';
import { crsToPixel, invertGeoTransform, pixelToCrs } from '../geotransform.js';
import { sameCrs, type Grid } from '../align/grid.js';

export type PointMap = (x: number, y: number) => [number, number];

export const WGS84: Crs = { epsg: 4326, proj4: '+proj=longlat +datum=WGS84 +no_defs', name: 'WGS 84' };

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

function converter(from: Crs, to: Crs): PointMap | null {
  if (sameCrs(from, to)) return null;
  if (!from.proj4 || !to.proj4)
    throw new RangeError(`cannot relate ${from.name ?? 'an unknown CRS'} to ${to.name ?? 'an unknown CRS'}`);
  const c = proj4(from.proj4, to.proj4);
  return (x, y) => c.forward([x, y]) as [number, number];
}

/** Longitude/latitude (7 decimals, about 1 cm) of pixel corners of a grid. */
export function pixelToLngLat(grid: Grid): PointMap {
  if (!grid.crs?.proj4) throw new RangeError('the before image has no usable CRS; cannot write longitude/latitude');
  const toLngLat = converter(grid.crs, WGS84);
  return (col, row) => {
    const [x, y] = pixelToCrs(grid.transform, col, row);
    const [lng, lat] = toLngLat ? toLngLat(x, y) : [x, y];
    return [round(lng, 7), round(lat, 7)];
  };
}

/** Pixel position on a grid of coordinates in `from`. */
export function crsToGridPixel(from: Crs, grid: Grid): PointMap {
  if (!grid.crs) throw new RangeError('the before image has no CRS');
  const inverse = invertGeoTransform(grid.transform);
  if (!inverse) throw new RangeError('the before image has a degenerate geotransform');
  const toGrid = converter(from, grid.crs);
  return (x, y) => {
    const [gx, gy] = toGrid ? toGrid(x, y) : [x, y];
    return crsToPixel(grid.transform, gx, gy);
  };
}

/** Longitude/latitude of coordinates in `from` (7 decimals). */
export function crsToLngLat(from: Crs): PointMap {
  const toLngLat = converter(from, WGS84);
  return (x, y) => {
    const [lng, lat] = toLngLat ? toLngLat(x, y) : [x, y];
    return [round(lng, 7), round(lat, 7)];
  };
}

/** The same geometry with every position mapped. */
export function mapGeometry<G extends AreaGeometry>(geometry: G, map: PointMap): G {
  const ring = (r: Position[]): Position[] => r.map((p) => map(p[0]!, p[1]!));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(ring) } as G;
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map(ring)) } as G;
}

/**
 * A geometry mapped to longitude/latitude as an RFC 7946 MultiPolygon: exterior rings
 * counter-clockwise, holes clockwise, whatever the orientation they came in.
 */
export function toRfc7946(
  polygons: readonly (readonly (readonly (readonly number[])[])[])[],
  toLngLat: PointMap,
): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((poly) =>
      poly.map((ring, i) => {
        const out: Position[] = ring.map((p) => toLngLat(p[0]!, p[1]!));
        return ringArea2(out) > 0 === (i === 0) ? out : out.reverse();
      }),
    ),
  };
}
