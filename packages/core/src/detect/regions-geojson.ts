import type { Grid } from '../align/grid.js';
import { pixelToLngLat, toRfc7946 } from '../geometry/map-coordinates.js';
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

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Regions as an RFC 7946 FeatureCollection: longitude/latitude on WGS 84 (7 decimals, about 1 cm),
 * exterior rings counter-clockwise and holes clockwise.
 */
export function regionsToGeoJson(regions: readonly ChangeRegion[], grid: Grid): ChangeCollection {
  const toLngLat = pixelToLngLat(grid);
  return {
    type: 'FeatureCollection',
    features: regions.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: toRfc7946(r.polygons, toLngLat) as ChangeFeature['geometry'],
      properties: { id: r.id, area_m2: round(r.areaM2, 2), score: round(r.score, 3), kind: r.kind },
    })),
  };
}
