import { z } from 'zod';
import { ReportDatesSchema } from './flags-csv-columns.js';
import { FLAG_STATUSES } from './status.js';
import { ViolationSchema } from './violation.js';

/* The report API: a run's report at once (`GET /api/runs/:run/report/:format`) or as a job (`POST /api/runs/:run/reports`). */

export const ReportFormatSchema = z.enum(['pdf', 'csv', 'geojson']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const ReportLangSchema = z.enum(['fa', 'en']);
export type ReportLang = z.infer<typeof ReportLangSchema>;

/** Which flags a report holds by status: one status, or all (confirmed unless asked). */
export const ReportStatusSchema = z.enum([...FLAG_STATUSES, 'all']);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/** `violation=no-permit,expired-permit`: a comma list of known violations (repeats once). */
const violations = z
  .string()
  .max(400)
  .optional()
  .transform((s) => (s ? [...new Set(s.split(','))] : undefined))
  .pipe(z.array(ViolationSchema).optional());

const selection = {
  status: ReportStatusSchema.default('confirmed'),
  violation: violations,
  district: z.string().min(1).max(200).optional(),
};

/** The query of `GET /api/runs/:run/report/:format` (the PDF is in Persian, CSV and GeoJSON in English, unless `lang`). */
export const ReportQuerySchema = z.strictObject({
  lang: ReportLangSchema.optional(),
  dates: ReportDatesSchema.default('iso'),
  ...selection,
});
export type ReportQuery = z.output<typeof ReportQuerySchema>;

/** `POST /api/runs/:run/reports`: what the client sends (ReportJobRequest) and what the server reads from it (ReportJobBody). */
export const ReportJobBodySchema = z.strictObject({
  format: ReportFormatSchema,
  lang: ReportLangSchema,
  dates: ReportDatesSchema.default('iso'),
  ...selection,
});
export type ReportJobBody = z.output<typeof ReportJobBodySchema>;
export type ReportJobRequest = z.input<typeof ReportJobBodySchema>;

/** A report in the making (`GET /api/reports/:id`, and the 202 answer that started it). */
export const ReportJobViewSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  filename: z.string(),
  error: z.string().optional(),
});
export type ReportJobView = z.infer<typeof ReportJobViewSchema>;
