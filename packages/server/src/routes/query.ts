import { z } from 'zod';
import { InputError, VIOLATIONS } from '@payesh/core';
import { checkRunId, FLAG_SORTS, FLAG_STATUSES, type FlagQuery } from '@payesh/store';

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(values)).optional());
const number = z.coerce.number().finite().optional();

const FlagQuerySchema = z
  .object({
    status: list(FLAG_STATUSES as unknown as [string, ...string[]]),
    violation: list(VIOLATIONS as unknown as [string, ...string[]]),
    category: list(['violation', 'information', 'candidate']),
    district: z.string().max(200).optional(),
    min: number.pipe(z.number().min(0).max(1).optional()),
    max: number.pipe(z.number().min(0).max(1).optional()),
    sort: z.enum(FLAG_SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    page: z.coerce.number().int().min(1).max(100000).optional(),
    after: z.string().regex(/^[1-9]\d{0,14}$/, 'after must be a flag id').transform(Number).optional(),
    pageSize: z.coerce.number().int().min(1).max(500).optional(),
    bbox: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',').map(Number) : undefined))
      .pipe(z.array(z.number().finite()).length(4).optional()),
  })
  .strict();

/** A flag list query from URL parameters, checked. */
export function parseFlagQuery(query: unknown): FlagQuery {
  const q = FlagQuerySchema.parse(query);
  return {
    status: q.status as FlagQuery['status'],
    violation: q.violation,
    category: q.category,
    district: q.district,
    minConfidence: q.min,
    maxConfidence: q.max,
    sort: q.sort,
    descending: q.order === undefined ? undefined : q.order === 'desc',
    page: q.page,
    after: q.after,
    pageSize: q.pageSize,
    bbox: q.bbox as FlagQuery['bbox'],
  };
}

/** Route parameters: a run name (no path tricks) and a flag id. */
export const runParam = (value: unknown): string => checkRunId(String(value));
export function idParam(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError(`flag id must be a positive integer, got "${String(value)}"`);
  return id;
}
