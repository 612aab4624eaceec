import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FlowProducer, type FlowJob } from 'bullmq';
import { cellLayout, estimateAlignment, type RasterReader } from '@payesh/core';
import { isHttpUrl, openGeoTiff } from '@payesh/io';
import { sha256Input } from '../jobs/file-digest.js';
import { planScoring, readJobModel } from '../jobs/detect-scoring.js';
import { checkOutputFolder } from '../jobs/output-folder.js';
import type { QueueConnection } from './queue-connection.js';
import { assembleJobId, runKey, windowJobId } from './run-key.js';
import { ASSEMBLE_JOB, WINDOW_JOB, type AssembleJobData, type QueuedJob, type WindowJobData } from './run-jobs.js';
import { encodeJobJson } from './job-json.js';
import { registerRun } from './run-registry.js';

export interface SubmitOptions {
  /** Tries of each job before it fails (default 3), with exponential back-off from `backoffMs` (default 2000). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly signal?: AbortSignal;
}

export interface SubmittedRun {
  readonly run: string;
  readonly windows: number;
  /** False when the same run was on the queue already (nothing was added). */
  readonly added: boolean;
  /** The run's work folder (cell scores), beside its output folder. */
  readonly work: string;
}

/** Paths as seen from anywhere: workers on other machines share the files at the same absolute paths. */
function absoluteJob(job: QueuedJob): QueuedJob {
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(p));
  // Imagery may be at an http(s) URL: every worker reads it from there.
  const raster = (p: string) => (isHttpUrl(p) ? p : resolve(p));
  return {
    ...job,
    out: resolve(job.out),
    options: {
      ...job.options,
      before: raster(job.options.before),
      after: raster(job.options.after),
      model: abs(job.options.model),
    },
    parcels: abs(job.parcels),
    permits: abs(job.permits),
  };
}

/** The work folder of a run: beside its output folder, on the storage the workers share. */
export function workFolder(out: string, run: string): string {
  return `${resolve(out)}.payesh-work/${run}`;
}

/**
 * Puts a detect or compare run on the queue as a BullMQ flow: one window job per row of cells (as
 * cellLayout lays them out), and an assembly job, their parent, that BullMQ starts when every window
 * is scored. Aligns the pair here (the windows need it); checks the output folder first. Job ids are
 * the run's key, so submitting the same run again adds nothing.
 */
export async function submitRun(
  conn: QueueConnection,
  command: 'detect' | 'compare',
  given: QueuedJob,
  options: SubmitOptions = {},
): Promise<SubmittedRun> {
  const { signal } = options;
  const job = absoluteJob(given);
  await checkOutputFolder(job.out, { overwrite: job.overwrite });
  const model = await readJobModel(job.options);
  const readers: RasterReader[] = [];
  let plan: ReturnType<typeof planScoring>;
  try {
    readers.push(await openGeoTiff(job.options.before, { signal, limits: job.options.rasterLimits }));
    readers.push(await openGeoTiff(job.options.after, { signal, limits: job.options.rasterLimits }));
    const [before, after] = readers as [RasterReader, RasterReader];
    const alignment = await estimateAlignment(before, after, { roles: job.options.roles, signal });
    plan = planScoring(job.options, model, before, after, alignment);
  } finally {
    for (const r of readers) await r.close().catch(() => undefined);
  }
  const digest = (p: string | undefined) => (p === undefined ? null : sha256Input(p, signal));
  const [before, after, modelSha, parcels, permits] = await Promise.all([
    digest(job.options.before),
    digest(job.options.after),
    digest(job.options.model),
    digest(job.parcels),
    digest(job.permits),
  ]);
  const run = runKey({
    command,
    out: job.out,
    job,
    method: { name: job.options.method ?? (model ? model.kind : 'construction'), version: job.version },
    inputs: { before, after, model: modelSha, parcels, permits },
  });
  const work = workFolder(job.out, run);
  const grid = plan.analysis.alignment.beforeGrid;
  const rows = cellLayout(grid.width, grid.height, plan.analysis.alignment.overlap, plan.tileSize, plan.blend).filter(
    (r) => r.cells.length > 0,
  );
  const existing = await conn.queue.getJob(assembleJobId(run));
  if (existing) {
    const state = await existing.getState();
    if (state !== 'failed') return { run, windows: rows.length, added: false, work };
    // A failed run submitted again starts over (its cell files already written are kept).
    await existing.remove({ removeChildren: true });
  }
  await mkdir(work, { recursive: true });
  await registerRun(conn, {
    run,
    command,
    out: job.out,
    windows: rows.map((r) => r.index),
    submittedAt: new Date().toISOString(),
  });
  const init = encodeJobJson(plan.init);
  const jobOpts = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential' as const, delay: options.backoffMs ?? 2000 },
  };
  const flow: FlowJob = {
    name: ASSEMBLE_JOB,
    queueName: conn.name,
    data: { run, command, job, work } satisfies AssembleJobData,
    opts: { jobId: assembleJobId(run), ...jobOpts },
    children: rows.map((row) => ({
      name: WINDOW_JOB,
      queueName: conn.name,
      data: { run, init, row, work } satisfies WindowJobData,
      opts: { jobId: windowJobId(run, row.index), failParentOnFailure: true, ...jobOpts },
    })),
  };
  const producer = new FlowProducer({ connection: conn.redis, prefix: conn.prefix });
  producer.on('error', () => undefined);
  try {
    await producer.add(flow);
  } finally {
    await producer.close();
  }
  return { run, windows: rows.length, added: true, work };
}
