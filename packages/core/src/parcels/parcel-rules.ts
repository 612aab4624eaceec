import { difference, featureCollection, multiPolygon, union } from '@turf/turf';
import type { Position } from 'geojson';
import { planarArea } from '../geometry/planar.js';
import type { AssessmentRules } from './assessment-rules.js';
import { permitCovers, type Period, type Permit } from './parcel.js';
import type { Violation } from './flag.js';
import type { AreaGeometry } from '../geometry/planar.js';

/** A permit with its footprint on the before grid (pixels), widened by the footprint buffer. */
export interface PlacedPermit {
  readonly permit: Permit;
  readonly footprintPx: AreaGeometry | null;
}

/** What detection found on one parcel. */
export interface ParcelChange {
  readonly newBuiltM2: number;
  /** New construction, polygons in before-grid pixels. */
  readonly newPiecesPx: readonly Position[][][];
  readonly pixelAreaM2: number;
}

export interface RuleFinding {
  readonly violation: Violation;
  /** The area the rule judged (new built area, or the part outside the footprints). */
  readonly areaM2: number;
  readonly permittedAreaM2: number | null;
  readonly permitIds: readonly string[];
  /** How far past the rule's threshold, 0..1 (1 at twice the threshold or more). */
  readonly margin: number;
  readonly evidencePx: readonly Position[][][];
}

/** How far past a threshold a value is, 0..1 (1 at twice the threshold or more). */
export const marginPast = (value: number, threshold: number): number =>
  Math.max(0, Math.min(1, (value - threshold) / Math.max(threshold, 1e-9)));

/**
 * The permit rules for one parcel's new construction (see docs/parcels.md):
 * `no-permit` / `expired-permit` when no permit covers the period; `exceeds-permit` when the new
 * built area passes the covering permits' total by more than the tolerance; `outside-footprint`
 * where covering permits have footprints and enough new construction lies outside them.
 */
export function parcelViolations(
  change: ParcelChange,
  permits: readonly PlacedPermit[],
  period: Period,
  rules: AssessmentRules,
): RuleFinding[] {
  if (change.newBuiltM2 < rules.minNewM2) return [];
  const covering = permits.filter((p) => permitCovers(p.permit, period));
  if (covering.length === 0) {
    const expired = permits.length > 0;
    return [
      {
        violation: expired ? 'expired-permit' : 'no-permit',
        areaM2: change.newBuiltM2,
        permittedAreaM2: null,
        permitIds: permits.map((p) => p.permit.permitId),
        margin: marginPast(change.newBuiltM2, rules.minNewM2),
        evidencePx: change.newPiecesPx,
      },
    ];
  }
  const findings: RuleFinding[] = [];
  const permitted = covering.reduce((s, p) => s + p.permit.permittedAreaM2, 0);
  const ids = covering.map((p) => p.permit.permitId);
  const tolerance = Math.max(rules.exceedShare * permitted, rules.exceedMinM2);
  const excess = change.newBuiltM2 - permitted;
  if (excess > tolerance) {
    findings.push({
      violation: 'exceeds-permit',
      areaM2: change.newBuiltM2,
      permittedAreaM2: permitted,
      permitIds: ids,
      margin: marginPast(excess, tolerance),
      evidencePx: change.newPiecesPx,
    });
  }
  const footprints = covering.flatMap((p) => (p.footprintPx ? [p.footprintPx] : []));
  if (footprints.length > 0) {
    const outside = outsideOf(change.newPiecesPx, footprints);
    const outsideM2 =
      outside.reduce((s, poly) => s + planarArea({ type: 'Polygon', coordinates: poly }), 0) * change.pixelAreaM2;
    if (outsideM2 >= rules.minOutsideM2) {
      findings.push({
        violation: 'outside-footprint',
        areaM2: outsideM2,
        permittedAreaM2: permitted,
        permitIds: covering.filter((p) => p.footprintPx).map((p) => p.permit.permitId),
        margin: marginPast(outsideM2, rules.minOutsideM2),
        evidencePx: outside,
      });
    }
  }
  return findings;
}

/** The part of `pieces` outside every footprint (planar polygon clipping). */
function outsideOf(pieces: readonly Position[][][], footprints: readonly AreaGeometry[]): Position[][][] {
  const allowed =
    footprints.length === 1
      ? footprints[0]!
      : union(featureCollection(footprints.map((g) => ({ type: 'Feature' as const, properties: {}, geometry: g }))))
          ?.geometry;
  if (!allowed) return [...pieces];
  const rest = difference(
    featureCollection([multiPolygon(pieces as Position[][][]), { type: 'Feature', properties: {}, geometry: allowed }]),
  );
  if (!rest) return [];
  return rest.geometry.type === 'Polygon' ? [rest.geometry.coordinates] : rest.geometry.coordinates;
}
