import { stringify as toWkt } from 'wellknown';
import type { FlagFeature } from '@payesh/core';

export const FLAG_CSV_COLUMNS = [
  'rank', 'flag_id', 'parcel_id', 'violation', 'category', 'new_built_m2', 'removed_m2', 'permitted_area_m2', 'permit_ids',
  'confidence', 'district', 'address', 'region_ids', 'west', 'south', 'east', 'north', 'evidence_wkt',
] as const;

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * flags.csv: one row per flag, the properties of flags.geojson; lists joined with ";", the bbox
 * as west/south/east/north, the evidence as WKT (longitude/latitude). UTF-8 with a byte-order mark
 * so that spreadsheet programs show Persian text as it is.
 */
export function flagsToCsv(features: readonly FlagFeature[]): string {
  const lines = [FLAG_CSV_COLUMNS.join(',')];
  for (const { properties: p } of features) {
    const [west, south, east, north] = p.bbox;
    const values = [p.rank, p.flag_id, p.parcel_id, p.violation, p.category, p.new_built_m2, p.removed_m2, p.permitted_area_m2, p.permit_ids.join(';'), p.confidence, p.district, p.address, p.region_ids.join(';'), west, south, east, north, toWkt(p.evidence as never)];
    lines.push(values.map(field).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
