import Flatbush from 'flatbush';
import { difference, featureCollection, intersect, multiPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { ChangeRegion } from '../detect/change-region.js';
import { planarArea, polygonsOf, type AreaGeometry } from '../geometry/planar.js';
import type { AssessmentRules } from './assessment-rules.js';
import { categoryOf, type Flag } from './flag.js';
import { measureFlag, type RegionShare } from './flag-features.js';
import { permitCovers, type Period } from './parcel.js';
import { marginPast, parcelViolations, type PlacedPermit } from './parcel-rules.js';
import type { PlacedParcel } from './place-parcels.js';

export interface AssessmentInput {
  readonly parcels: readonly PlacedParcel[];
  readonly permits: ReadonlyMap<string, readonly PlacedPermit[]>;
  readonly regions: readonly ChangeRegion[];
  readonly period: Period;
  /** Ground area of one before-grid pixel (m2). */
  readonly pixelAreaM2: number;
  readonly rules: AssessmentRules;
}

interface Tally {
  newM2: number;
  newScore: number;
  newPieces: Position[][][];
  removedM2: number;
  removedScore: number;
  removedPieces: Position[][][];
  regionIds: Set<number>;
  /** Region id -> its area on the parcel (m2), new and removed apart. */
  newRegions: Map<number, number>;
  removedRegions: Map<number, number>;
}

const emptyTally = (): Tally => ({
  newM2: 0,
  newScore: 0,
  newPieces: [],
  removedM2: 0,
  removedScore: 0,
  removedPieces: [],
  regionIds: new Set(),
  newRegions: new Map(),
  removedRegions: new Map(),
});
const add = (m: Map<number, number>, id: number, v: number): void => void m.set(id, (m.get(id) ?? 0) + v);
const asFeature = (geometry: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon> => ({
  type: 'Feature',
  properties: {},
  geometry,
});

/**
 * Every change region against the parcels it touches (a spatial index over parcel bounds, then
 * planar polygon clipping in before-grid pixels), then the permit rules per parcel. New and
 * undetermined change counts as construction; removed change is reported as demolition
 * (information); change outside every parcel as an encroachment candidate. Flags come ranked by
 * confidence, highest first.
 */
export function assessParcels(input: AssessmentInput): Flag[] {
  const { parcels, rules, pixelAreaM2 } = input;
  const index = new Flatbush(Math.max(1, parcels.length));
  for (const p of parcels) index.add(...(p.boundsPx as [number, number, number, number]));
  if (parcels.length === 0) index.add(0, 0, 0, 0);
  index.finish();

  const byId = new Map(input.regions.map((r) => [r.id, r]));
  const shares = (m: Map<number, number>): RegionShare[] =>
    [...m].map(([id, inFlagM2]) => ({ region: byId.get(id)!, inFlagM2 }));
  const tallies = new Map<number, Tally>();
  const flags: Flag[] = [];
  for (const region of input.regions) {
    const regionFeature = multiPolygon(region.polygons as unknown as Position[][][]);
    const [c0, r0, c1, r1] = region.bbox;
    const hits = parcels.length === 0 ? [] : index.search(c0, r0, c1, r1);
    let insideM2 = 0;
    for (const i of hits) {
      const piece = intersect(featureCollection([regionFeature, asFeature(parcels[i]!.px)]));
      if (!piece) continue;
      const areaM2 = planarArea(piece.geometry) * pixelAreaM2;
      if (areaM2 <= 0) continue;
      insideM2 += areaM2;
      const tally = tallies.get(i) ?? emptyTally();
      tallies.set(i, tally);
      tally.regionIds.add(region.id);
      if (region.kind === 'removed') {
        tally.removedM2 += areaM2;
        tally.removedScore += areaM2 * region.score;
        tally.removedPieces.push(...polygonsOf(piece.geometry));
        add(tally.removedRegions, region.id, areaM2);
      } else {
        tally.newM2 += areaM2;
        tally.newScore += areaM2 * region.score;
        tally.newPieces.push(...polygonsOf(piece.geometry));
        add(tally.newRegions, region.id, areaM2);
      }
    }
    if (region.kind !== 'removed' && region.areaM2 - insideM2 >= rules.minEncroachmentM2) {
      const flag = encroachment(
        region,
        regionFeature,
        hits.map((i) => parcels[i]!.px),
        pixelAreaM2,
        rules,
      );
      if (flag) flags.push(flag);
    }
  }

  for (const [i, tally] of tallies) {
    const { parcel, lngLat, px } = parcels[i]!;
    const parcelPermits = input.permits.get(parcel.id) ?? [];
    const permits = parcelPermits.map(({ permit: p, footprintPx }) => ({
      permitId: p.permitId,
      issuedOn: p.issuedOn,
      expiresOn: p.expiresOn,
      permittedAreaM2: p.permittedAreaM2,
      floors: p.floors,
      status: p.status,
      coversPeriod: permitCovers(p, input.period),
      footprintPx,
    }));
    const base = {
      parcelId: parcel.id,
      district: parcel.district,
      address: parcel.address,
      regionIds: [...tally.regionIds].sort((a, b) => a - b),
      parcelLngLat: lngLat,
      removedM2: tally.removedM2,
      permits,
    };
    const meanNewScore = tally.newM2 > 0 ? tally.newScore / tally.newM2 : 0;
    const change = { newBuiltM2: tally.newM2, newPiecesPx: tally.newPieces, pixelAreaM2 };
    const measure = (evidencePx: readonly Position[][][], permittedAreaM2: number | null, removed: boolean) =>
      measureFlag({
        evidencePx,
        parcelPx: px,
        regions: shares(removed ? tally.removedRegions : tally.newRegions),
        pixelAreaM2,
        permittedAreaM2,
        newM2: tally.newM2,
        removedM2: tally.removedM2,
      });
    for (const finding of parcelViolations(change, parcelPermits, input.period, rules)) {
      flags.push({
        ...base,
        violation: finding.violation,
        category: categoryOf(finding.violation),
        newBuiltM2: finding.areaM2,
        permittedAreaM2: finding.permittedAreaM2,
        permitIds: finding.permitIds,
        confidence: meanNewScore * (0.6 + 0.4 * finding.margin),
        evidencePx: finding.evidencePx,
        features: measure(finding.evidencePx, finding.permittedAreaM2, false),
      });
    }
    if (tally.removedM2 >= rules.minDemolitionM2) {
      flags.push({
        ...base,
        violation: 'demolition',
        category: 'information',
        newBuiltM2: tally.newM2,
        permittedAreaM2: null,
        permitIds: permits.map((p) => p.permitId),
        confidence: tally.removedScore / tally.removedM2,
        evidencePx: tally.removedPieces,
        features: measure(tally.removedPieces, null, true),
      });
    }
  }
  return flags.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      (a.parcelId ?? '').localeCompare(b.parcelId ?? '') ||
      a.violation.localeCompare(b.violation) ||
      a.regionIds[0]! - b.regionIds[0]!,
  );
}

/** The part of a region outside every parcel it touches, flagged when large enough. */
function encroachment(
  region: ChangeRegion,
  regionFeature: Feature<Polygon | MultiPolygon>,
  touched: readonly AreaGeometry[],
  pixelAreaM2: number,
  rules: AssessmentRules,
): Flag | null {
  const outside =
    touched.length === 0 ? regionFeature : difference(featureCollection([regionFeature, ...touched.map(asFeature)]));
  const outsideM2 = outside ? planarArea(outside.geometry) * pixelAreaM2 : 0;
  if (!outside || outsideM2 < rules.minEncroachmentM2) return null;
  const evidencePx = polygonsOf(outside.geometry);
  return {
    parcelId: null,
    violation: 'encroachment',
    category: categoryOf('encroachment'),
    newBuiltM2: outsideM2,
    removedM2: 0,
    permittedAreaM2: null,
    permitIds: [],
    confidence: region.score * (0.6 + 0.4 * marginPast(outsideM2, rules.minEncroachmentM2)),
    district: null,
    address: null,
    regionIds: [region.id],
    evidencePx,
    permits: [],
    parcelLngLat: null,
    features: measureFlag({
      evidencePx,
      parcelPx: null,
      regions: [{ region, inFlagM2: outsideM2 }],
      pixelAreaM2,
      permittedAreaM2: null,
      newM2: outsideM2,
      removedM2: 0,
    }),
  };
}
