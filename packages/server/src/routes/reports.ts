import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router, type Response } from 'express';
import {
  ReportFormatSchema,
  ReportJobBodySchema,
  ReportQuerySchema,
  type ReportFormat,
  type ReportJobView,
  type ReportQuery,
} from '@payesh/contract';
import { reportFileName, writeReport, type ReportFileName, type ReportOptions } from '@payesh/report';
import { getRun } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { countReportFlags, selectionQuery, storeReportSource, type ReportSelection } from '../report-source.js';
import { runParam } from './query.js';

/** A job id from the URL (anything else is simply not found). */
const jobId = (value: unknown): string => String(value).slice(0, 64);
const TYPES = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8', geojson: 'application/geo+json' } as const;

/** A report made for a selection of a run's flags. */
interface Request extends ReportSelection {
  readonly run: string;
  readonly format: ReportFormat;
  readonly options: ReportOptions;
  readonly name: ReportFileName;
}

/** The PDF is read in its language (Persian unless asked); CSV and GeoJSON stay English unless asked (GIS tools). */
function reportRequest(runId: string, format: ReportFormat, q: ReportQuery): Request {
  const generatedOn = new Date().toISOString().slice(0, 10);
  const lang = q.lang ?? (format === 'pdf' ? 'fa' : 'en');
  return {
    run: runId,
    format,
    status: q.status,
    violation: q.violation ?? null,
    district: q.district ?? null,
    options: {
      lang,
      status: q.status,
      violation: q.violation ?? null,
      district: q.district ?? null,
      generatedOn,
      dates: q.dates,
    },
    name: reportFileName({
      run: runId,
      status: q.status,
      violation: q.violation,
      district: q.district,
      date: generatedOn,
      format,
    }),
  };
}

/** Writes a request's report into `file` (a source opened and closed around it). */
async function makeReport(
  ctx: ServerContext,
  r: Request,
  file: string,
  onProgress?: (done: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const source = await storeReportSource(ctx.store, r.run, selectionQuery(r));
  try {
    await writeReport(source, r.format, r.options, file, onProgress, signal);
  } finally {
    await source.close();
  }
}

/** RFC 6266 attachment: an ASCII `filename` and the full name as RFC 5987 `filename*`. */
const encode5987 = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const attachment = (res: Response, name: ReportFileName, format: ReportFormat): void => {
  res.type(TYPES[format]);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name.ascii}"; filename*=UTF-8''${encode5987(name.unicode)}`,
  );
};
const sendFile = (res: Response, path: string): Promise<void> =>
  new Promise((resolve, reject) => res.sendFile(path, (e) => (e ? reject(e) : resolve())));

/**
 * Planners (and supervisors, admins) download the violation report of a run: at once by a direct link,
 * or as a job whose progress they can follow and whose file they fetch when it is done.
 */
export function reportRoutes(ctx: ServerContext): Router {
  const router = Router();
  const planners = requireRole('planner', 'supervisor', 'admin');
  router.get('/api/runs/:run/report/:format', planners, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    const r = reportRequest(run.id, ReportFormatSchema.parse(req.params.format), ReportQuerySchema.parse(req.query));
    const dir = await mkdtemp(join(tmpdir(), 'payesh-report-'));
    try {
      const file = join(dir, `report.${r.format}`);
      await makeReport(ctx, r, file);
      attachment(res, r.name, r.format);
      await sendFile(res, file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  router.post('/api/runs/:run/reports', planners, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    const body = ReportJobBodySchema.parse(req.body ?? {});
    const r = reportRequest(run.id, body.format, body);
    const total = await countReportFlags(ctx.store, run.id, r);
    const job = await ctx.reports.start(principalOf(res).user, r.format, r.name, total, (file, onProgress, signal) =>
      makeReport(ctx, r, file, onProgress, signal),
    );
    res
      .status(202)
      .location(`/api/reports/${job.id}`)
      .json(job satisfies ReportJobView);
  });
  router.get('/api/reports/:id', planners, (req, res) => {
    res.json(ctx.reports.view(jobId(req.params.id), principalOf(res).user) satisfies ReportJobView);
  });
  router.get('/api/reports/:id/file', planners, async (req, res) => {
    const id = jobId(req.params.id);
    const { path, format, name } = ctx.reports.file(id, principalOf(res).user);
    attachment(res, name, format);
    await sendFile(res, path);
    ctx.reports.downloaded(id);
  });
  return router;
}
