import { crsToLngLat, type Crs, type FlagFeature, type RankFlag } from '@payesh/core';
import { CITY_ORIGIN, type CityPlan } from '@payesh/testkit';
import type { SimulatedFlag } from './simulate-review.js';

/**
 * The demo city's queue as an inspector who knows the truth would decide it: a parcel's flag is
 * confirmed when something unauthorised was really built there (the generator planted a violation
 * other than a demolition), a flag off every parcel when its box overlaps a planted street kiosk.
 * Information flags (demolitions) are not queued. Flags of runs made before features are left out.
 */
export function cityQueue(features: readonly FlagFeature[], plan: CityPlan, crs: Crs): SimulatedFlag[] {
  const violating = new Set(
    plan.truth
      .filter((t) => t.parcelId !== null && t.expected !== null && t.expected !== 'demolition')
      .map((t) => t.parcelId!),
  );
  const toLngLat = crsToLngLat(crs);
  const kiosks = plan.truth
    .filter((t) => t.scenario === 'encroachment' && t.rect)
    .map((t) => {
      const [w, n] = toLngLat(CITY_ORIGIN.x + t.rect!.x0, CITY_ORIGIN.y - t.rect!.y0);
      const [e, s] = toLngLat(CITY_ORIGIN.x + t.rect!.x1, CITY_ORIGIN.y - t.rect!.y1);
      return [w, s, e, n] as const;
    });
  const overlaps = (b: readonly number[]): boolean =>
    kiosks.some(([w, s, e, n]) => b[0]! <= e && b[2]! >= w && b[1]! <= n && b[3]! >= s);
  return features
    .filter((f) => f.properties.category !== 'information' && f.properties.features !== null)
    .map((f) => {
      const p = f.properties;
      const flag: RankFlag = {
        confidence: p.confidence,
        violation: p.violation,
        district: p.district,
        features: p.features!,
      };
      const truth = p.parcel_id === null ? overlaps(p.bbox) : violating.has(p.parcel_id);
      return { flag, truth: truth ? 1 : 0, rank: p.rank };
    });
}
