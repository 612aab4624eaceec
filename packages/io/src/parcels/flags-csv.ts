import { stringify as toWkt } from 'wellknown';
import { csvRecord, UTF8_BOM, type FlagFeature } from '@payesh/core';

export const FLAG_CSV_COLUMNS = [
  'rank', 'flag_id', 'parcel_id', 'violation', 'category', 'new_built_m2', 'removed_m2', 'permitted_area_m2', 'permit_ids',
  'confidence', 'district', 'address', 'region_ids', 'west', 'south', 'east', 'north', 'evidence_wkt',
] as const;

/**
 * flags.csv: one row per flag, the properties of flags.geojson; lists joined with ";", the bbox
 * as west/south/east/north, the evidence as WKT (longitude/latitude). UTF-8 with a byte-order mark
 * so that spreadsheet programs show Persian text as it is.
 */
export function flagsToCsv(features: readonly FlagFeature[]): string {
  let out = UTF8_BOM + csvRecord(FLAG_CSV_COLUMNS);
  for (const { properties: p } of features) {
    const [west, south, east, north] = p.bbox;
    const values = [p.rank, p.flag_id, p.parcel_id, p.violation, p.category, p.new_built_m2, p.removed_m2, p.permitted_area_m2, p.permit_ids.join(';'), p.confidence, p.district, p.address, p.region_ids.join(';'), west, south, east, north, toWkt(p.evidence as never)];
    out += csvRecord(values);
  }
  return out;
}
