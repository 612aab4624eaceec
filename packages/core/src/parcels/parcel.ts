import type { IsoDate } from '../calendar/calendar-date.js';
import type { Crs } from '../crs.js';
import type { AreaGeometry } from '../geometry/planar.js';

/** One cadastral parcel as read: geometry in the CRS of its set. */
export interface Parcel {
  readonly id: string;
  readonly district: string | null;
  readonly address: string | null;
  readonly geometry: AreaGeometry;
}

/** Parcels and the CRS of their coordinates (WGS 84 longitude/latitude for RFC 7946 GeoJSON). */
export interface ParcelSet {
  readonly crs: Crs;
  readonly parcels: readonly Parcel[];
}

export type PermitStatus = 'issued' | 'expired' | 'revoked';

/** A building permit; a parcel may have several. Footprints are in the parcels' CRS. */
export interface Permit {
  readonly permitId: string;
  readonly parcelId: string;
  readonly issuedOn: IsoDate;
  readonly expiresOn: IsoDate | null;
  readonly permittedAreaM2: number;
  readonly floors: number | null;
  readonly status: PermitStatus;
  readonly footprint: AreaGeometry | null;
}

/** The time between the two images. */
export interface Period {
  readonly beforeOn: IsoDate;
  readonly afterOn: IsoDate;
}

/**
 * A permit covers the period when it was issued before the after image and had neither expired
 * nor been revoked before the before image. A revoked permit carries no revocation date, so it
 * covers nothing; an expired one without an expiry date likewise.
 */
export function permitCovers(permit: Permit, period: Period): boolean {
  if (permit.status === 'revoked') return false;
  if (permit.issuedOn > period.afterOn) return false;
  if (permit.expiresOn === null) return permit.status === 'issued';
  return permit.expiresOn >= period.beforeOn;
}
