import { parse as parseWkt } from 'wellknown';
import {
  DEFAULT_MAX_VERTICES,
  echoInput,
  latinDigits,
  parseCalendarDate,
  repairGeometry,
  type AreaGeometry,
  type Permit,
  type PermitStatus,
} from '@payesh/core';

export const PERMIT_COLUMNS = [
  'permit_id',
  'parcel_id',
  'issued_on',
  'expires_on',
  'permitted_area_m2',
  'floors',
  'status',
] as const;

const STATUSES: readonly PermitStatus[] = ['issued', 'expired', 'revoked'];

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

/** A cell's value as an error line quotes it: cut short, control characters escaped. */
const quoted = (v: unknown): string => `"${echoInput(text(v))}"`;

function number(v: unknown): number | null {
  const t = latinDigits(text(v)).replace(/٫/g, '.').replace(/[,٬]/g, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

function footprint(v: unknown): AreaGeometry | null | string {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  let geometry: unknown = v;
  if (typeof v === 'string') {
    const t = v.trim();
    try {
      geometry = t.startsWith('{') ? JSON.parse(t) : parseWkt(t);
    } catch {
      geometry = null;
    }
    if (!geometry) return 'footprint is neither WKT nor a GeoJSON geometry';
  }
  const repaired = repairGeometry(geometry, { maxVertices: DEFAULT_MAX_VERTICES });
  return repaired.ok ? repaired.geometry : `footprint: ${repaired.problem}`;
}

/**
 * One permit row checked and normalised: dates in ISO 8601 or Solar Hijri (Latin or Persian
 * digits) become ISO days, areas are non-negative m2, status is issued | expired | revoked.
 * Returns the permit, or what is wrong with the row.
 */
export function permitFromRow(row: Readonly<Record<string, unknown>>): Permit | string {
  const permitId = text(row.permit_id);
  if (!permitId) return 'permit_id is empty';
  const parcelId = text(row.parcel_id);
  if (!parcelId) return 'parcel_id is empty';
  const issuedOn = parseCalendarDate(text(row.issued_on));
  if (!issuedOn) return `issued_on ${quoted(row.issued_on)} is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11)`;
  const expiresText = text(row.expires_on);
  const expiresOn = expiresText === '' ? null : parseCalendarDate(expiresText);
  if (expiresText !== '' && expiresOn === null)
    return `expires_on ${quoted(expiresText)} is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11)`;
  if (expiresOn !== null && expiresOn < issuedOn) return `expires_on ${expiresOn} is before issued_on ${issuedOn}`;
  const area = number(row.permitted_area_m2);
  if (area === null || Number.isNaN(area)) return `permitted_area_m2 ${quoted(row.permitted_area_m2)} is not a number`;
  if (area < 0) return `permitted_area_m2 is negative (${area})`;
  const floors = number(row.floors);
  if (Number.isNaN(floors) || (floors !== null && (floors < 0 || !Number.isInteger(floors))))
    return `floors ${quoted(row.floors)} is not a whole number`;
  const status = text(row.status).toLowerCase() as PermitStatus;
  if (!STATUSES.includes(status)) return `status ${quoted(row.status)} is not one of ${STATUSES.join(', ')}`;
  const fp = footprint(row.footprint);
  if (typeof fp === 'string') return fp;
  return { permitId, parcelId, issuedOn, expiresOn, permittedAreaM2: area, floors, status, footprint: fp };
}
