import { Worker, type Job } from 'bullmq';
import type { QueueConnection } from './queue-connection.js';
import { processAssembleJob } from './assemble-job.js';
import { isCancelled } from './run-registry.js';
import { ASSEMBLE_JOB, type AssembleJobData, type WindowJobData } from './run-jobs.js';
import { createScorerCache, processWindowJob } from './window-job.js';

export interface QueueWorkerOptions {
  /** Jobs processed at once by this process (default 1: scoring is one thread's work per job). */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (ms, default 20000): a worker that dies (SIGKILL, power)
   * stops renewing it, and after it lapses another worker's stalled check takes the job over.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (ms, default 10000). */
  readonly stalledIntervalMs?: number;
  /** Times a job may stall before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** Told of each job finished or failed, one line. */
  readonly onEvent?: (line: string) => void;
}

/**
 * Processes the queue's window and assembly jobs until `signal` aborts, then closes gracefully: the
 * jobs under way finish (their results count); nothing new is taken.
 */
export async function runQueueWorker(
  conn: QueueConnection,
  options: QueueWorkerOptions,
  signal: AbortSignal,
): Promise<void> {
  const scorers = createScorerCache();
  const cancelled = (run: string) => isCancelled(conn, run);
  const worker = new Worker(
    conn.name,
    async (job: Job) =>
      job.name === ASSEMBLE_JOB
        ? processAssembleJob(job as Job<AssembleJobData>, cancelled)
        : processWindowJob(job as Job<WindowJobData>, scorers, cancelled),
    {
      connection: conn.redis,
      prefix: conn.prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 20_000,
      stalledInterval: options.stalledIntervalMs ?? 10_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      autorun: false,
    },
  );
  worker.on('error', (error) => options.onEvent?.(`queue error: ${error.message}`));
  worker.on('completed', (job) => options.onEvent?.(`done ${job.id}`));
  worker.on('failed', (job, error) => options.onEvent?.(`failed ${job?.id ?? '?'}: ${error.message}`));
  const stop = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const running = worker.run();
  await stop;
  await worker.close();
  await running.catch(() => undefined);
  await scorers.close();
}
