/** Shapes the review API answers with, shared by the store (which makes them) and the web UI (which reads them). */

export type FlagStatus = 'pending' | 'confirmed' | 'dismissed' | 'field-visit';

/** One flag as listed in the review queue. */
export interface FlagSummary {
  readonly id: number;
  readonly runId: string;
  readonly flagKey: string;
  readonly rank: number;
  readonly parcelId: string | null;
  readonly violation: string;
  readonly category: string;
  readonly confidence: number;
  readonly newBuiltM2: number;
  readonly permittedAreaM2: number | null;
  readonly district: string | null;
  readonly address: string | null;
  readonly bbox: readonly [number, number, number, number];
  readonly status: FlagStatus;
}
