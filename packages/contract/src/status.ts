import { z } from 'zod';

/**
 * Where a flag is in review: waiting, or decided one of three ways. The one list: store's SQL CHECK on
 * `flags.status` is tested against it, web and cli lists are checked against its type.
 */
export const FLAG_STATUSES = ['pending', 'confirmed', 'dismissed', 'field-visit'] as const;
export const FlagStatusSchema = z.enum(FLAG_STATUSES);
export type FlagStatus = z.infer<typeof FlagStatusSchema>;

/** What an inspector decides: every status but pending (store's `decisions.outcome`). */
export const OUTCOMES = ['confirmed', 'dismissed', 'field-visit'] as const satisfies readonly FlagStatus[];
export const OutcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** How many flags have each status (every status, zero included): the review's progress. */
export const StatusCountsSchema = z.record(FlagStatusSchema, z.number().int().nonnegative());
export type StatusCounts = z.infer<typeof StatusCountsSchema>;
