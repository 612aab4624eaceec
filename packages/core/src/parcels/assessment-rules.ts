/** Thresholds of the parcel rules; every one can be set from the command line. */
export interface AssessmentRules {
  /** New construction on a parcel below this is not flagged (m2). */
  readonly minNewM2: number;
  /** `exceeds-permit` when new built area passes the permitted area by more than this share... */
  readonly exceedShare: number;
  /** ...and by more than this many m2. */
  readonly exceedMinM2: number;
  /** Permit footprints are widened by this much (m) to allow for misregistration. */
  readonly footprintBufferM: number;
  /** Change outside a permit footprint below this is not flagged (m2). */
  readonly minOutsideM2: number;
  /** Change outside every parcel below this is not reported as an encroachment candidate (m2). */
  readonly minEncroachmentM2: number;
  /** Removed built area on a parcel below this is not reported as a demolition (m2). */
  readonly minDemolitionM2: number;
}

export const DEFAULT_RULES: AssessmentRules = {
  minNewM2: 20,
  exceedShare: 0.15,
  exceedMinM2: 10,
  footprintBufferM: 2,
  minOutsideM2: 20,
  minEncroachmentM2: 20,
  minDemolitionM2: 20,
};
