import { z } from 'zod';
import { FlagPropertiesSchema } from './flag-properties.js';
import { FlagGeometrySchema, BboxSchema } from './geometry.js';
import { FlagStatusSchema, OutcomeSchema, StatusCountsSchema } from './status.js';
import { FlagCategorySchema, ViolationSchema } from './violation.js';
import { FlagRankingSchema } from './ranking-api.js';

/*
 * The flag as the review API answers with it (camelCase; the store makes it from its rows, the web
 * UI and the reports read it).
 */

/** One flag as listed in the review queue. */
export const FlagSummarySchema = z.object({
  /** The store's id of the flag (URLs use it). */
  id: z.number().int().positive(),
  runId: z.string(),
  /** flags.geojson's `flag_id`: stable across re-imports of the run. */
  flagKey: z.string(),
  rank: z.number().int(),
  parcelId: z.string().nullable(),
  violation: ViolationSchema,
  category: FlagCategorySchema,
  confidence: z.number(),
  newBuiltM2: z.number(),
  permittedAreaM2: z.number().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  bbox: BboxSchema,
  status: FlagStatusSchema,
  /** Probability that an inspector confirms it, when the run's learned ranking is on and has ranked it; else null. */
  probability: z.number().nullable(),
});
export type FlagSummary = z.infer<typeof FlagSummarySchema>;

/** One decision in a flag's history: superseded when undone or reopened, validated by a second reviewer. */
export const DecisionSchema = z.object({
  id: z.number().int().positive(),
  flagId: z.number().int().positive(),
  userId: z.number().int().positive(),
  username: z.string(),
  outcome: OutcomeSchema,
  legalCategory: z.number().int().nullable(),
  note: z.string().nullable(),
  decidedAt: z.string(),
  supersededAt: z.string().nullable(),
  validatedBy: z.number().int().nullable(),
  validatedAt: z.string().nullable(),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** Who holds a flag under review, until when. */
export const LockSchema = z.object({
  userId: z.number().int().positive(),
  username: z.string(),
  expiresAt: z.string(),
});
export type Lock = z.infer<typeof LockSchema>;

/** One flag with everything the card shows: its flags.geojson properties and geometry, its decisions, its lock. */
export const FlagDetailSchema = FlagSummarySchema.extend({
  properties: FlagPropertiesSchema,
  geometry: FlagGeometrySchema,
  decisions: z.array(DecisionSchema),
  lock: LockSchema.nullable(),
  /** The learned ranking's probability and its reasons (null while ranking is off or has not ranked it). */
  ranking: FlagRankingSchema.nullable(),
});
export type FlagDetail = z.infer<typeof FlagDetailSchema>;

/** A page of a run's flags (`GET /api/runs/:run/flags`): the matches' total and the counts by status. */
export const FlagPageSchema = z.object({
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  items: z.array(FlagSummarySchema),
  counts: StatusCountsSchema,
});
export type FlagPage = z.infer<typeof FlagPageSchema>;
