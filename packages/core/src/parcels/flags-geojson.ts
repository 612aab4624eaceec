import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Grid } from '../align/grid.js';
import { pixelToLngLat, toRfc7946 } from '../geometry/map-coordinates.js';
import { geometryBounds, polygonsOf } from '../geometry/planar.js';
import type { Flag, FlagCategory, Violation } from './flag.js';
import type { FlagFeatures } from './flag-features.js';

/** The fields of a flag as written to flags.geojson (properties) and flags.csv (columns). */
export interface FlagProperties {
  readonly flag_id: string;
  readonly rank: number;
  readonly parcel_id: string | null;
  readonly violation: Violation;
  readonly category: FlagCategory;
  readonly new_built_m2: number;
  readonly removed_m2: number;
  readonly permitted_area_m2: number | null;
  readonly permit_ids: readonly string[];
  readonly confidence: number;
  readonly district: string | null;
  readonly address: string | null;
  readonly region_ids: readonly number[];
  /** [west, south, east, north] of the parcel (of the evidence for encroachments). */
  readonly bbox: readonly [number, number, number, number];
  /** The changed area inside the parcel, longitude/latitude. */
  readonly evidence: MultiPolygon;
  /** Every permit of the parcel, and whether it covers the period between the images. */
  readonly permits: readonly PermitProperties[];
  /** The permitted footprints (widened by the footprint buffer), longitude/latitude; null without any. */
  readonly permit_footprints: MultiPolygon | null;
  /** What Payesh measured about the flag (null in runs made before issue 17). */
  readonly features: FlagFeatures | null;
}

export interface PermitProperties {
  readonly permit_id: string;
  readonly issued_on: string;
  readonly expires_on: string | null;
  readonly permitted_area_m2: number;
  readonly floors: number | null;
  readonly status: string;
  readonly covers_period: boolean;
}

export type FlagFeature = Feature<Polygon | MultiPolygon, FlagProperties>;

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Features to 4 significant decimals (areas to 0.1 m2): the file stays readable and diffable. */
const roundFeatures = (f: FlagFeatures): FlagFeatures =>
  Object.fromEntries(
    Object.entries(f).map(([k, v]) => [k, v === null ? null : round(v, k === 'area_m2' ? 1 : 4)]),
  ) as unknown as FlagFeatures;

/** A stable id: the parcel and the violation, or the change region for encroachments. */
export const flagId = (flag: Flag): string =>
  flag.parcelId === null ? `region-${flag.regionIds[0]}/${flag.violation}` : `${flag.parcelId}/${flag.violation}`;

/** Flags as RFC 7946 features: the parcel as geometry (the change itself for encroachments). */
export function flagsToFeatures(flags: readonly Flag[], grid: Grid): FlagFeature[] {
  const toLngLat = pixelToLngLat(grid);
  return flags.map((flag, i) => {
    const evidence = toRfc7946(flag.evidencePx, toLngLat);
    const geometry = flag.parcelLngLat ? toRfc7946(polygonsOf(flag.parcelLngLat), (x, y) => [x, y]) : evidence;
    const bbox = geometryBounds(geometry);
    const footprints = flag.permits.flatMap((p) => (p.footprintPx ? polygonsOf(p.footprintPx) : []));
    return {
      type: 'Feature',
      id: flagId(flag),
      bbox,
      geometry,
      properties: {
        flag_id: flagId(flag),
        rank: i + 1,
        parcel_id: flag.parcelId,
        violation: flag.violation,
        category: flag.category,
        new_built_m2: round(flag.newBuiltM2, 1),
        removed_m2: round(flag.removedM2, 1),
        permitted_area_m2: flag.permittedAreaM2 === null ? null : round(flag.permittedAreaM2, 1),
        permit_ids: flag.permitIds,
        confidence: round(flag.confidence, 3),
        district: flag.district,
        address: flag.address,
        region_ids: flag.regionIds,
        bbox,
        evidence,
        permits: flag.permits.map((p) => ({
          permit_id: p.permitId,
          issued_on: p.issuedOn,
          expires_on: p.expiresOn,
          permitted_area_m2: p.permittedAreaM2,
          floors: p.floors,
          status: p.status,
          covers_period: p.coversPeriod,
        })),
        permit_footprints: footprints.length ? toRfc7946(footprints, toLngLat) : null,
        features: roundFeatures(flag.features),
      },
    };
  });
}

export function flagsToGeoJson(
  flags: readonly Flag[],
  grid: Grid,
): FeatureCollection<Polygon | MultiPolygon, FlagProperties> {
  return { type: 'FeatureCollection', features: flagsToFeatures(flags, grid) };
}
