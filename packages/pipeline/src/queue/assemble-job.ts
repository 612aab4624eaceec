import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import { runCompareJob } from '../jobs/run-compare-job.js';
import { runDetectJob } from '../jobs/run-detect-job.js';
import type { AssembledRun, AssembleJobData } from './run-jobs.js';

/**
 * A run's assembly, once every window is scored: the ordinary detect or compare job, its cells read
 * back from the work folder instead of scored, so its outputs and run.json come from the same code as
 * an in-process run's. The submitter checked the output folder; a retried assembly replaces what an
 * earlier try may have committed. The work folder goes once the run is written.
 */
export async function processAssembleJob(
  job: Job<AssembleJobData>,
  cancelled: (run: string) => Promise<boolean>,
): Promise<AssembledRun> {
  const { run, command, work } = job.data;
  if (await cancelled(run)) throw new UnrecoverableError(`run ${run} was cancelled`);
  const queued = { ...job.data.job, overwrite: true, options: { ...job.data.job.options, precomputedScores: work } };
  let result: AssembledRun;
  if (command === 'compare') {
    const r = await runCompareJob({ ...queued, parcels: queued.parcels!, permits: queued.permits! });
    result = {
      command,
      out: queued.out,
      regions: (r.run as { results?: { regions?: number } }).results?.regions ?? 0,
      changedAreaM2: (r.run as { results?: { changed_area_m2?: number } }).results?.changed_area_m2 ?? 0,
      flags: r.flags,
      byViolation: r.byViolation,
      parcelsUsed: r.parcels.set.parcels.length,
      parcelProblems: r.parcels.problems,
      permitsRejected: r.permits.rejected.length,
      firstRejectedPermit: r.permits.rejected[0]
        ? { line: r.permits.rejected[0].line, message: r.permits.rejected[0].message }
        : null,
    };
  } else {
    const r = await runDetectJob(queued);
    result = { command, out: queued.out, regions: r.regions, changedAreaM2: r.changedAreaM2 };
  }
  await rm(work, { recursive: true, force: true });
  // The parent of work folders goes when its last run is assembled.
  await rmdir(dirname(work)).catch(() => undefined);
  return result;
}
