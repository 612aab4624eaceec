import type { FlagFeature } from '@payesh/core';
import type { SimulatedFlag } from './simulate-review.js';

/**
 * A cd-bench parcel grid's queue as an inspector who knows the labels decides it: a flag is confirmed
 * when its parcel truly violates (bench:parcels' truth), dismissed otherwise; flags of parcels with
 * too little labelled change to call, flags off every parcel and information flags are left out.
 */
export function parcelQueue(
  features: readonly FlagFeature[],
  violations: ReadonlyMap<string, string | null>,
  unscored: ReadonlySet<string>,
): SimulatedFlag[] {
  return features
    .filter(
      (f) =>
        f.properties.category === 'violation' &&
        f.properties.features !== null &&
        f.properties.parcel_id !== null &&
        !unscored.has(f.properties.parcel_id),
    )
    .map((f) => {
      const p = f.properties;
      return {
        flag: { confidence: p.confidence, violation: p.violation, district: p.district, features: p.features! },
        truth: violations.get(p.parcel_id!) ? 1 : 0,
        rank: p.rank,
      };
    });
}
