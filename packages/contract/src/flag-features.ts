import { z } from 'zod';
import type { FlagFeatures } from '@payesh/core';

/*
 * The features of a flag (flags.geojson `features`, issue 17): what Payesh measured about the change
 * behind each flag when the run was made, from which `payesh rank` learns which flags the city's
 * inspectors confirm. Core computes them (measureFlag); this is their one definition. The learned
 * ranker also uses the flag's own confidence, violation and district (see docs/ranking.md).
 */

export interface FeatureDefinition {
  readonly unit: string;
  readonly meaning: string;
}

/** Every feature, its unit and what it measures; the schema below and docs/ranking.md list the same. */
export const FLAG_FEATURE_DEFINITIONS: Readonly<Record<keyof FlagFeatures, FeatureDefinition>> = {
  score_mean: {
    unit: '0..1',
    meaning: 'mean change score of the change regions behind the flag, each weighted by its area in the flag',
  },
  score_max: { unit: '0..1', meaning: 'highest change score of any pixel of those regions' },
  score_above_share: {
    unit: '0..1',
    meaning:
      "share of the regions' pixels scored at or above the run's threshold (the mask's closing fills in the rest)",
  },
  area_m2: { unit: 'm²', meaning: "area of the flag's evidence (the changed area behind the finding)" },
  compactness: {
    unit: '0..1',
    meaning: "4πA/P² of the evidence's outline: 1 for a disc, towards 0 for thin or ragged shapes",
  },
  elongation: {
    unit: '0..1',
    meaning: "1 - √(λ2/λ1) of the evidence's second moments of area: 0 for a square or a disc, towards 1 for a strip",
  },
  holes: { unit: 'count', meaning: "holes (interior rings) in the evidence's polygons" },
  parts: { unit: 'count', meaning: 'separate polygons in the evidence' },
  parcel_changed_share: {
    unit: '0..1',
    meaning: "the evidence's area over the parcel's; null for change off every parcel",
  },
  outside_share: {
    unit: '0..1',
    meaning:
      'share of the change regions behind the flag that lies outside what the flag covers: outside the parcel (change spilling over from a neighbour), or for change off every parcel, on the parcels it touches',
  },
  edge_distance_m: {
    unit: 'm',
    meaning:
      "distance from the evidence's centroid to the parcel's nearest edge, negative when the centroid is outside the parcel; null for change off every parcel",
  },
  permitted_ratio: {
    unit: 'ratio',
    meaning: 'permitted area of the permits that cover the period over the evidence area; null without such a permit',
  },
  removed_share: {
    unit: '0..1',
    meaning: 'removed over new plus removed change on the parcel (kind: 0 all new, 1 all removed)',
  },
  green_change: {
    unit: 'index',
    meaning:
      'mean greenness after less before inside the regions (NDVI with a near-infrared band, else 2G-R-B of the stretched bands): negative where vegetation went',
  },
  bright_change: {
    unit: '0..1',
    meaning: 'mean brightness ((R+G+B)/3 of the stretched bands) after less before inside the regions',
  },
};

const share = z.number().min(0).max(1);
export const flagFeaturesObject = z.object({
  score_mean: share,
  score_max: share,
  score_above_share: share,
  area_m2: z.number().nonnegative(),
  compactness: share,
  elongation: share,
  holes: z.number().int().nonnegative(),
  parts: z.number().int().nonnegative(),
  parcel_changed_share: z.number().nonnegative().nullable(),
  outside_share: share,
  edge_distance_m: z.number().nullable(),
  permitted_ratio: z.number().nonnegative().nullable(),
  removed_share: share,
  green_change: z.number(),
  bright_change: z.number(),
});
export const FlagFeaturesSchema: z.ZodType<FlagFeatures> = flagFeaturesObject;
