import { z } from 'zod';
import type { FlagCategory as CoreFlagCategory, Violation as CoreViolation } from '@payesh/core';

/**
 * What a flag says happened on a parcel, in core's order (run.json's `flags.by_violation`). Core
 * declares the union (its rules produce it) and cannot import the contract; this runtime list is
 * checked against it both ways (violation.test.ts).
 */
export const VIOLATIONS = [
  'no-permit',
  'expired-permit',
  'exceeds-permit',
  'outside-footprint',
  'demolition',
  'encroachment',
] as const satisfies readonly CoreViolation[];
export const ViolationSchema = z.enum(VIOLATIONS);
export type Violation = z.infer<typeof ViolationSchema>;

/** Violations go to inspectors; demolitions are information; change off every parcel is a candidate. */
export const FLAG_CATEGORIES = ['violation', 'information', 'candidate'] as const satisfies readonly CoreFlagCategory[];
export const FlagCategorySchema = z.enum(FLAG_CATEGORIES);
export type FlagCategory = z.infer<typeof FlagCategorySchema>;
