/**
 * How long checking one parcel takes as its vertex count grows: the sweep (ringsSelfIntersect), its
 * pairwise fallback (as turf's kinks, which it replaced, checks), and the repair of a twisted outline
 * (unkink + union). Run: npx tsx scripts/bench-parcel-check.ts
 */
import { repairGeometry, ringsSelfIntersect, ringsSelfIntersectPairwise } from '@payesh/core';
import { circleRing } from '@payesh/testkit';

const ms = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return Math.round(performance.now() - t);
};
const twisted = (n: number) => {
  const ring = circleRing(n, 44.95, 38.55, 0.0004);
  [ring[10], ring[11]] = [ring[11]!, ring[10]!];
  return ring;
};

for (const n of [10_000, 100_000, 1_000_000])
  console.log(`sweep, ${n} vertices: ${ms(() => ringsSelfIntersect([circleRing(n, 44.95, 38.55, 0.0004)]))} ms`);
for (const n of [3_000, 10_000, 30_000])
  console.log(
    `pairwise, ${n} vertices: ${ms(() => ringsSelfIntersectPairwise([circleRing(n, 44.95, 38.55, 0.0004)]))} ms`,
  );
for (const n of [10_000, 100_000])
  console.log(
    `repair of a twisted outline, ${n} vertices: ${ms(() => repairGeometry({ type: 'Polygon', coordinates: [twisted(n)] }))} ms`,
  );
