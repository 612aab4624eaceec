import { stringify as toWkt } from 'wellknown';
import { csvTable, type FlagFeature } from '@payesh/core';
import { FLAGS_CSV_COLUMNS, type FlagsCsvColumn } from '@payesh/contract';

/** One flag's flags.csv values by column: lists joined with ";", the bbox in four columns, the evidence as WKT. */
function flagsCsvValues({ properties: p }: FlagFeature): Record<FlagsCsvColumn, unknown> {
  const [west, south, east, north] = p.bbox;
  return {
    rank: p.rank,
    flag_id: p.flag_id,
    parcel_id: p.parcel_id,
    violation: p.violation,
    category: p.category,
    new_built_m2: p.new_built_m2,
    removed_m2: p.removed_m2,
    permitted_area_m2: p.permitted_area_m2,
    permit_ids: p.permit_ids.join(';'),
    confidence: p.confidence,
    district: p.district,
    address: p.address,
    region_ids: p.region_ids.join(';'),
    west,
    south,
    east,
    north,
    evidence_wkt: toWkt(p.evidence as never),
  };
}

/**
 * flags.csv: one row per flag, the properties of flags.geojson in the contract's FLAGS_CSV_COLUMNS
 * (evidence as WKT, longitude/latitude). UTF-8 with a byte-order mark so that spreadsheet programs show
 * Persian text as it is.
 */
export function flagsToCsv(features: readonly FlagFeature[]): string {
  return csvTable(FLAGS_CSV_COLUMNS, features.map(flagsCsvValues));
}
