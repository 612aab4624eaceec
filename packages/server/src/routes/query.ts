import { z } from 'zod';
import { FLAG_CATEGORIES, FLAG_SORTS, FLAG_STATUSES, VIOLATIONS } from '@payesh/contract';
import { checkRunId, type FlagQuery } from '@payesh/store';
import { decimalQuery, integerQuery, parseDecimal, parseInteger } from '../numbers.js';

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(values)).optional());
const fraction = decimalQuery().pipe(z.number().min(0).max(1)).optional();

const FlagQuerySchema = z
  .object({
    status: list(FLAG_STATUSES),
    violation: list(VIOLATIONS),
    category: list(FLAG_CATEGORIES),
    district: z.string().max(200).optional(),
    min: fraction,
    max: fraction,
    sort: z.enum(FLAG_SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    page: integerQuery(1, 100000).optional(),
    after: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, 'after must be a flag id')
      .transform(Number)
      .optional(),
    pageSize: integerQuery(1, 500).optional(),
    bbox: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',').map((v) => parseDecimal(v, 'bbox')) : undefined))
      .pipe(z.array(z.number()).length(4).optional()),
  })
  .strict();

/** A flag list query from URL parameters, checked. */
export function parseFlagQuery(query: unknown): FlagQuery {
  const q = FlagQuerySchema.parse(query);
  return {
    status: q.status,
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
export const idParam = (value: unknown): number => parseInteger(value, 'flag id', 1);
