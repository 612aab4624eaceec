import { booleanPointInPolygon, multiPolygon, point } from '@turf/turf';
import type { Position } from 'geojson';
import type { ChangeRegion } from '../detect/change-region.js';
import { planarArea, polygonsOf, type AreaGeometry } from '../geometry/planar.js';
import { distanceToEdges, measureShape } from '../geometry/shape.js';

/**
 * What Payesh measured about one flag, for learning which flags inspectors confirm (issue 17). Stored
 * in flags.geojson as `features`; the contract documents each (FLAG_FEATURE_DEFINITIONS). The flag's
 * violation, category, district and confidence are its own properties and not repeated here.
 */
export interface FlagFeatures {
  /** Mean change score of the change regions behind the flag, weighted by their area in the flag. */
  readonly score_mean: number;
  readonly score_max: number;
  readonly score_above_share: number;
  readonly area_m2: number;
  readonly compactness: number;
  readonly elongation: number;
  readonly holes: number;
  readonly parts: number;
  readonly parcel_changed_share: number | null;
  readonly outside_share: number;
  readonly edge_distance_m: number | null;
  readonly permitted_ratio: number | null;
  readonly removed_share: number;
  readonly green_change: number;
  readonly bright_change: number;
}

/** The feature names in their fixed order (the learned ranker's columns). */
export const FLAG_FEATURE_NAMES = [
  'score_mean',
  'score_max',
  'score_above_share',
  'area_m2',
  'compactness',
  'elongation',
  'holes',
  'parts',
  'parcel_changed_share',
  'outside_share',
  'edge_distance_m',
  'permitted_ratio',
  'removed_share',
  'green_change',
  'bright_change',
] as const satisfies readonly (keyof FlagFeatures)[];

/** A change region and the part of it (m2) that makes up the flag. */
export interface RegionShare {
  readonly region: ChangeRegion;
  readonly inFlagM2: number;
}

export interface FlagMeasureInput {
  /** The flag's evidence, before-grid pixels. */
  readonly evidencePx: readonly Position[][][];
  /** The parcel, before-grid pixels (null for change off every parcel). */
  readonly parcelPx: AreaGeometry | null;
  readonly regions: readonly RegionShare[];
  readonly pixelAreaM2: number;
  readonly permittedAreaM2: number | null;
  readonly newM2: number;
  readonly removedM2: number;
}

/** The features of one flag from its evidence, its parcel and the regions it is made of. */
export function measureFlag(input: FlagMeasureInput): FlagFeatures {
  const gsd = Math.sqrt(input.pixelAreaM2);
  const shape = measureShape(input.evidencePx);
  const areaM2 = shape.area * input.pixelAreaM2;
  let weight = 0;
  let scoreSum = 0;
  let aboveSum = 0;
  let greenSum = 0;
  let brightSum = 0;
  let scoreMax = 0;
  let regionM2 = 0;
  for (const { region, inFlagM2 } of input.regions) {
    weight += inFlagM2;
    scoreSum += region.score * inFlagM2;
    aboveSum += region.evidence.aboveThresholdShare * inFlagM2;
    greenSum += region.evidence.greenChange * inFlagM2;
    brightSum += region.evidence.brightChange * inFlagM2;
    scoreMax = Math.max(scoreMax, region.evidence.scoreMax);
    regionM2 += region.areaM2;
  }
  const mean = (sum: number): number => (weight > 0 ? sum / weight : 0);
  let edgeDistanceM: number | null = null;
  let parcelShare: number | null = null;
  if (input.parcelPx) {
    const parcel = polygonsOf(input.parcelPx);
    const inside = booleanPointInPolygon(point([...shape.centroid]), multiPolygon(parcel));
    edgeDistanceM = distanceToEdges(shape.centroid, parcel) * gsd * (inside ? 1 : -1);
    const parcelM2 = planarArea(input.parcelPx) * input.pixelAreaM2;
    parcelShare = parcelM2 > 0 ? areaM2 / parcelM2 : null;
  }
  const changedM2 = input.newM2 + input.removedM2;
  return {
    score_mean: mean(scoreSum),
    score_max: scoreMax,
    score_above_share: mean(aboveSum),
    area_m2: areaM2,
    compactness: shape.compactness,
    elongation: shape.elongation,
    holes: shape.holes,
    parts: shape.parts,
    parcel_changed_share: parcelShare,
    outside_share: regionM2 > 0 ? Math.max(0, 1 - weight / regionM2) : 0,
    edge_distance_m: edgeDistanceM,
    permitted_ratio: input.permittedAreaM2 === null || areaM2 <= 0 ? null : input.permittedAreaM2 / areaM2,
    removed_share: changedM2 > 0 ? input.removedM2 / changedM2 : 0,
    green_change: mean(greenSum),
    bright_change: mean(brightSum),
  };
}
