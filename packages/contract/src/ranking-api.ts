import { z } from 'zod';

/*
 * Learning from inspectors' decisions (issue 17): the ranking of a run's queue by the probability that
 * an inspector confirms each flag, the record of every ranking, and the supervisors' switch.
 */

/** A column that moved a flag's probability, and by how much (log-odds; positive raises it). */
export const RankReasonSchema = z.object({ column: z.string(), effect: z.number() });
export type RankReason = z.infer<typeof RankReasonSchema>;

/** A flag's place in the learned order (`FlagDetail.ranking`): null until a ranking was applied to it. */
export const FlagRankingSchema = z.object({
  /** Calibrated probability that an inspector confirms the flag. */
  probability: z.number().min(0).max(1),
  /** The three columns that moved it most, largest first. */
  reasons: z.array(RankReasonSchema),
  modelVersion: z.string(),
});
export type FlagRanking = z.infer<typeof FlagRankingSchema>;

/** One ranking of a run, applied or not (its k-fold validation did not beat the current order, or too few decisions). */
export const RankingRecordSchema = z.object({
  id: z.number().int().positive(),
  runId: z.string(),
  at: z.string(),
  /** What asked: `payesh rank`, the server's --rank-every, or a supervisor (`by`). */
  source: z.enum(['cli', 'server', 'user']),
  /** The supervisor or admin who asked (null for the CLI and the server). */
  by: z.string().nullable(),
  /** sha256 of the model (first 16 hex digits); null when none was fitted. */
  modelVersion: z.string().nullable(),
  applied: z.boolean(),
  /** Why it was not applied (null when applied). */
  reason: z.string().nullable(),
  /** Runs whose decisions it learned from (this one first). */
  fromRuns: z.array(z.string()),
  decided: z.number().int().nonnegative(),
  confirmed: z.number().int().nonnegative(),
  folds: z.number().int().nonnegative(),
  /** k-fold average precision of the model's probabilities on the decided flags; null without a model. */
  averagePrecision: z.number().nullable(),
  /** The same of the order the flags were in (flags.geojson's rank). */
  baselineAveragePrecision: z.number().nullable(),
  /** Pending flags given a probability. */
  ranked: z.number().int().nonnegative(),
  /** Time to fit and validate, and to store the probabilities (ms). */
  fitMs: z.number().nonnegative(),
  storeMs: z.number().nonnegative(),
});
export type RankingRecord = z.infer<typeof RankingRecordSchema>;

/** `GET|PUT /api/runs/:run/ranking`: whether the queue follows the learned order, and the last ranking. */
export const RankingStateSchema = z.object({
  enabled: z.boolean(),
  latest: RankingRecordSchema.nullable(),
  /** Decisions made on the run since the latest ranking (all of them without one). */
  decisionsSince: z.number().int().nonnegative(),
});
export type RankingState = z.infer<typeof RankingStateSchema>;

/** `PUT /api/runs/:run/ranking` (supervisors and admins). */
export const RankingSwitchBodySchema = z.strictObject({ enabled: z.boolean() });
export type RankingSwitchBody = z.infer<typeof RankingSwitchBodySchema>;

/** `POST /api/runs/:run/ranking` (supervisors and admins): no fields. */
export const RankNowBodySchema = z.strictObject({});
