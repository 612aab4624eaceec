import type { Position } from 'geojson';
import type { AreaGeometry } from '../geometry/planar.js';
import type { FlagFeatures } from './flag-features.js';

export type Violation =
  | 'no-permit'
  | 'expired-permit'
  | 'exceeds-permit'
  | 'outside-footprint'
  | 'demolition'
  | 'encroachment';
/** Violations go to inspectors; demolitions are information; change off every parcel is a candidate. */
export type FlagCategory = 'violation' | 'information' | 'candidate';

export const categoryOf = (v: Violation): FlagCategory =>
  v === 'demolition' ? 'information' : v === 'encroachment' ? 'candidate' : 'violation';

/** A permit of the flagged parcel as the card shows it, and whether it covers the period. */
export interface FlagPermit {
  readonly permitId: string;
  readonly issuedOn: string;
  readonly expiresOn: string | null;
  readonly permittedAreaM2: number;
  readonly floors: number | null;
  readonly status: string;
  readonly coversPeriod: boolean;
  /** The permitted footprint on the before grid (pixels), widened by the footprint buffer. */
  readonly footprintPx: AreaGeometry | null;
}

/** One finding on one parcel (or off every parcel, for encroachments). */
export interface Flag {
  readonly parcelId: string | null;
  readonly violation: Violation;
  readonly category: FlagCategory;
  /** New built area on the parcel (m2); for outside-footprint, the area outside the footprints. */
  readonly newBuiltM2: number;
  readonly removedM2: number;
  /** Sum of the permitted areas of the permits that cover the period; null without any. */
  readonly permittedAreaM2: number | null;
  readonly permitIds: readonly string[];
  /** 0..1: the detection scores, and how far past its threshold the finding is. */
  readonly confidence: number;
  readonly district: string | null;
  readonly address: string | null;
  /** Change regions (ids of changes.geojson) that make up the evidence. */
  readonly regionIds: readonly number[];
  /** The changed area behind the finding, polygons in before-grid pixels. */
  readonly evidencePx: readonly Position[][][];
  /** Every permit of the parcel (not only those the rule used). */
  readonly permits: readonly FlagPermit[];
  /** The parcel in longitude/latitude (null for encroachments). */
  readonly parcelLngLat: AreaGeometry | null;
  /** What was measured about it, for learning from inspectors' decisions. */
  readonly features: FlagFeatures;
}
