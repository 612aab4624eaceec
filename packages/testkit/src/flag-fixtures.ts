import { readFileSync } from 'node:fs';
import { parseRunRecord, type CompareRunRecord, type FlagFeature, type FlagProperties } from '@payesh/contract';

/** A real compare record (the demo city's, fixtures/run-json/compare_2026-11-29.json), for runs tests import. */
export function compareRecordFixture(): CompareRunRecord {
  return parseRunRecord(
    JSON.parse(readFileSync(new URL('../../../fixtures/run-json/compare_2026-11-29.json', import.meta.url), 'utf8')),
  ) as CompareRunRecord;
}

/**
 * The properties of flag `i` of a made-up run: parcel P<i> without a permit, ranked i, in one of two
 * districts, no features; `over` sets what a test is about.
 */
export function flagProperties(i: number, over: Partial<FlagProperties> = {}): FlagProperties {
  return {
    flag_id: `P${i}/no-permit`,
    rank: i,
    parcel_id: `P${i}`,
    violation: 'no-permit',
    category: 'violation',
    new_built_m2: 40 + i,
    removed_m2: 0,
    permitted_area_m2: null,
    permit_ids: [],
    confidence: 1 - i / 10,
    district: i % 2 ? 'منطقه ۱' : 'منطقه ۲',
    address: null,
    region_ids: [i],
    bbox: [45 + i / 1000, 38, 45 + i / 1000 + 0.0005, 38.0005],
    evidence: { type: 'MultiPolygon', coordinates: [] },
    permits: [],
    permit_footprints: null,
    features: null,
    ...over,
  };
}

/** Flag `i` of a made-up run as a flags.geojson feature: flagProperties on a small triangle of a parcel. */
export function flagFeature(i: number, over: Partial<FlagProperties> = {}): FlagFeature {
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [45, 38],
          [45.001, 38],
          [45.001, 38.001],
          [45, 38],
        ],
      ],
    },
    properties: flagProperties(i, over),
  };
}
