import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { writeReport } from '@payesh/report';
import { FLAG_STATUSES, getRun } from '@payesh/store';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { storeReportSource } from '../report-source.js';
import { runParam } from './query.js';

const ReportQuery = z.object({ lang: z.enum(['fa', 'en']).default('fa'), status: z.enum([...FLAG_STATUSES, 'all']).default('confirmed'), district: z.string().max(200).optional() }).strict();
const Format = z.enum(['pdf', 'csv', 'geojson']);
const TYPES = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8', geojson: 'application/geo+json' } as const;

/** Planners (and supervisors, admins) download the violation report of a run. */
export function reportRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/api/runs/:run/report/:format', requireRole('planner', 'supervisor', 'admin'), async (req, res) => {
    const run = getRun(ctx.store, runParam(req.params.run));
    const format = Format.parse(req.params.format);
    const q = ReportQuery.parse(req.query);
    const dir = await mkdtemp(join(tmpdir(), 'payesh-report-'));
    const file = join(dir, `${run.id}-${q.status}-${q.lang}.${format}`);
    const source = await storeReportSource(ctx.store, run.id, { status: q.status === 'all' ? undefined : [q.status], district: q.district });
    try {
      await writeReport(source, format, { lang: q.lang, status: q.status, district: q.district ?? null, generatedOn: new Date().toISOString().slice(0, 10) }, file);
      res.type(TYPES[format]);
      await new Promise<void>((resolve, reject) => res.download(file, `${run.id}-${q.status}-${q.lang}.${format}`, (e) => (e ? reject(e) : resolve())));
    } finally {
      await source.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  return router;
}
