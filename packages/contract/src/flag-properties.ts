import { z } from 'zod';
import type { FlagFeature, FlagProperties, PermitProperties } from '@payesh/core';
import { checkValue, ContractError } from './check-value.js';
import { FlagGeometrySchema, BboxSchema, MultiPolygonSchema } from './geometry.js';
import { FlagCategorySchema, ViolationSchema } from './violation.js';
import { FlagFeaturesSchema } from './flag-features.js';

/*
 * A flag as written to flags.geojson: core's FlagProperties (core makes them in flagsToFeatures and
 * imports no workspace package, so the type is declared there). The schemas below are bound to those
 * types: their exported form is typed by them, and flag-properties.test.ts checks that the objects'
 * own outputs equal them field for field (a field added on either side alone fails the typecheck).
 */
export type { FlagFeature, FlagProperties, PermitProperties };

/** The schemas' own shapes, for the type test; the exported schemas keep unknown fields (loose). */
export const permitPropertiesObject = z.object({
  permit_id: z.string(),
  issued_on: z.string(),
  expires_on: z.string().nullable(),
  permitted_area_m2: z.number(),
  floors: z.number().nullable(),
  status: z.string(),
  covers_period: z.boolean(),
});
export const PermitPropertiesSchema: z.ZodType<PermitProperties> = permitPropertiesObject.loose();

export const flagPropertiesObject = z.object({
  flag_id: z.string().min(1),
  rank: z.number().int().positive(),
  parcel_id: z.string().nullable(),
  violation: ViolationSchema,
  category: FlagCategorySchema,
  new_built_m2: z.number(),
  removed_m2: z.number(),
  permitted_area_m2: z.number().nullable(),
  permit_ids: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  district: z.string().nullable(),
  address: z.string().nullable(),
  region_ids: z.array(z.number().int()),
  bbox: BboxSchema,
  evidence: MultiPolygonSchema,
  permits: z.array(PermitPropertiesSchema),
  permit_footprints: MultiPolygonSchema.nullable(),
  features: FlagFeaturesSchema.nullable(),
});
export const FlagPropertiesSchema: z.ZodType<FlagProperties> = flagPropertiesObject.loose();

export const flagFeatureObject = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  /** RFC 7946 allows a 3D box too. */
  bbox: z
    .union([BboxSchema, z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()])])
    .optional(),
  geometry: FlagGeometrySchema,
  properties: FlagPropertiesSchema,
});
export const FlagFeatureSchema: z.ZodType<FlagFeature> = flagFeatureObject.loose();

/**
 * Properties as the newest Payesh writes them. Flags written before `permits` and `permit_footprints`
 * existed (compare runs of 2026-11-27 before c810738) get none and null; flags written before
 * `features` (before issue 17) get null. Nothing else differs. A flag that has them all comes back
 * as it is (the same object).
 */
export function migrateFlagProperties<T>(properties: T): T {
  if (properties === null || typeof properties !== 'object') return properties;
  const p = properties as Record<string, unknown>;
  if ('permits' in p && 'permit_footprints' in p && 'features' in p) return properties;
  return {
    ...p,
    permits: p.permits ?? [],
    permit_footprints: p.permit_footprints ?? null,
    features: p.features ?? null,
  } as T;
}

/**
 * The features of a flags.geojson (parsed JSON), older ones brought up to date and every one checked
 * against the contract; the features come back as they were read (key order kept). Throws a
 * ContractError naming the first wrong field (`flags.geojson: features.3.properties.rank ...`).
 */
export function parseFlagCollection(value: unknown): FlagFeature[] {
  const collection = value as { type?: unknown; features?: unknown } | null;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features))
    throw new ContractError('not a GeoJSON FeatureCollection', '');
  return collection.features.map((feature: unknown, i) => {
    const f = feature as { properties?: unknown } | null;
    const properties = f && typeof f === 'object' ? migrateFlagProperties(f.properties) : undefined;
    const current = properties === undefined || properties === f!.properties ? feature : { ...f, properties };
    return checkValue(FlagFeatureSchema, current, 'flags.geojson', ['features', i]);
  });
}
