import { z } from 'zod';
import { FlagPropertiesSchema } from './flag-properties.js';
import { FlagGeometrySchema } from './geometry.js';
import { CompareRunRecordSchema } from './run-record.js';
import { FlagStatusSchema, OutcomeSchema } from './status.js';

/*
 * The review API's bodies: runs (`/api/runs`), their flags and the decisions on them. The flag itself
 * (FlagSummary, FlagDetail, FlagPage, Lock) is in flag.ts.
 */

/** `POST /api/runs/:run/flags/:id/decisions`. */
export const DecisionBodySchema = z.strictObject({
  outcome: OutcomeSchema,
  /** The legal category (1-6) of the commission's list. */
  legalCategory: z.number().int().min(1).max(6).nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});
export type DecisionBody = z.infer<typeof DecisionBodySchema>;

/** `POST /api/runs/:run/flags/:id/reopen` (supervisors). */
export const ReopenBodySchema = z.strictObject({ reason: z.string().max(2000).nullable().optional() });
export type ReopenBody = z.infer<typeof ReopenBodySchema>;

/**
 * How `GET /api/runs/:run/flags` sorts: rank and parcel ascend, the others descend, unless `order` says.
 * `queue` is the review queue's order: the learned probability while the run's ranking is on, then confidence.
 */
export const FLAG_SORTS = ['confidence', 'rank', 'area', 'parcel', 'queue'] as const;
export const FlagSortSchema = z.enum(FLAG_SORTS);
export type FlagSort = z.infer<typeof FlagSortSchema>;

/** A run as listed (`GET /api/runs`). */
export const RunListingSchema = z.object({
  id: z.string(),
  beforeOn: z.string().nullable(),
  afterOn: z.string().nullable(),
  method: z.string().nullable(),
  threshold: z.number().nullable(),
  flagCount: z.number().int().nonnegative(),
  importedAt: z.string(),
  /** Flags still pending review. */
  pending: z.number().int().nonnegative(),
});
export type RunListing = z.infer<typeof RunListingSchema>;

export const RunListSchema = z.object({ runs: z.array(RunListingSchema) });
export type RunList = z.infer<typeof RunListSchema>;

/** The map layers of a run: its two images and the change score. */
export const MAP_LAYERS = ['before', 'after', 'change'] as const;
export const MapLayerSchema = z.enum(MAP_LAYERS);
export type MapLayer = z.infer<typeof MapLayerSchema>;

/** One run (`GET /api/runs/:run`): its listing, the districts of its flags, its layers' TileJSON and run.json's period, parcels and flag totals. */
export const RunInfoSchema = RunListingSchema.extend({
  districts: z.array(z.string()),
  tilejson: z.record(MapLayerSchema, z.string()),
  period: CompareRunRecordSchema.shape.period.nullable(),
  parcels: CompareRunRecordSchema.shape.parcels.nullable(),
  flags: CompareRunRecordSchema.shape.flags.nullable(),
});
export type RunInfo = z.infer<typeof RunInfoSchema>;

/** A flag on the map (`GET /api/runs/:run/flags.geojson`): flags.geojson's feature with the store's id and the review status. */
export const FlagMapFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int().positive(),
  geometry: FlagGeometrySchema,
  properties: z.intersection(
    FlagPropertiesSchema,
    z.object({ id: z.number().int().positive(), status: FlagStatusSchema }),
  ),
});
export type FlagMapFeature = z.infer<typeof FlagMapFeatureSchema>;
export const FlagMapCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(FlagMapFeatureSchema),
});
export type FlagMapCollection = z.infer<typeof FlagMapCollectionSchema>;

/** Every failed request: the status, and `{ "error": message }` (429 adds when to try again). */
export const ErrorAnswerSchema = z.object({ error: z.string(), retryAfter: z.number().int().optional() });
export type ErrorAnswer = z.infer<typeof ErrorAnswerSchema>;
