import proj4 from 'proj4';
import { pixelToCrs } from '../geotransform.js';
import { sameCrs, type Grid } from '../align/grid.js';
import { ringArea2, type PixelRing } from '../mask/vectorize.js';
import type { ChangeRegion } from './change-region.js';

type Position = [number, number];

export interface ChangeFeature {
  readonly type: 'Feature';
  readonly id: number;
  readonly geometry: { readonly type: 'MultiPolygon'; readonly coordinates: Position[][][] };
  readonly properties: { readonly id: number; readonly area_m2: number; readonly score: number; readonly kind: string };
}

export interface ChangeCollection {
  readonly type: 'FeatureCollection';
  readonly features: readonly ChangeFeature[];
}

const WGS84 = { epsg: 4326, proj4: '+proj=longlat +datum=WGS84 +no_defs', name: 'WGS 84' };
const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Regions as an RFC 7946 FeatureCollection: longitude/latitude on WGS 84 (7 decimals, about 1 cm),
 * exterior rings counter-clockwise and holes clockwise.
 */
export function regionsToGeoJson(regions: readonly ChangeRegion[], grid: Grid): ChangeCollection {
  if (!grid.crs?.proj4) throw new RangeError('the before image has no usable CRS; cannot write longitude/latitude');
  const toLngLat = sameCrs(grid.crs, WGS84) ? null : proj4(grid.crs.proj4, WGS84.proj4);
  const project = (ring: PixelRing, exterior: boolean): Position[] => {
    const out = ring.map(([c, r]) => {
      const xy = pixelToCrs(grid.transform, c, r);
      const [lng, lat] = toLngLat ? toLngLat.forward(xy) : xy;
      return [round(lng!, 7), round(lat!, 7)] as Position;
    });
    // The shoelace sum is positive for counter-clockwise rings when y points up (latitude).
    const counterClockwise = ringArea2(out) > 0;
    return counterClockwise === exterior ? out : out.reverse();
  };
  return {
    type: 'FeatureCollection',
    features: regions.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: { type: 'MultiPolygon', coordinates: r.polygons.map((p) => p.map((ring, i) => project(ring, i === 0))) },
      properties: { id: r.id, area_m2: round(r.areaM2, 2), score: round(r.score, 3), kind: r.kind },
    })),
  };
}
