import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError, PayeshError } from '@payesh/core';
import type { ReportFormat, ReportJobView, User } from '@payesh/contract';
import type { ReportFileName } from '@payesh/report';

/** How many reports a user may have in the making, and how long finished files are kept. */
export interface ReportJobLimits {
  readonly perUser: number;
  /** A job and its file are forgotten this long after it started, downloaded or not. */
  readonly maxAgeMs: number;
  /** After the first download the file stays this long (a retried download still works). */
  readonly graceMs: number;
  /** Where the jobs' temporary folder is made (the system's temporary folder by default). */
  readonly tempRoot?: string;
}

type ReportJobState = ReportJobView['state'];

/** Makes the report into `file`, telling progress; stops when `signal` aborts. */
export type MakeReport = (file: string, onProgress: (done: number) => void, signal: AbortSignal) => Promise<unknown>;

interface Job {
  readonly id: string;
  readonly ownerId: number;
  readonly format: ReportFormat;
  readonly name: ReportFileName;
  readonly total: number;
  readonly path: string;
  readonly abort: AbortController;
  state: ReportJobState;
  done: number;
  error?: string;
  work?: Promise<void>;
  expiry: NodeJS.Timeout;
  grace?: NodeJS.Timeout;
}

/** More report jobs than a user may run at once (HTTP 429 through the error handler's `status`). */
export class TooManyReportsError extends Error {
  readonly status = 429;
}

/**
 * Report jobs of one app: made in the background into one temporary folder, seen only by their owner
 * (and admins), deleted after download plus a grace period, after `maxAgeMs`, or when the app closes.
 */
export class ReportJobs {
  private readonly jobs = new Map<string, Job>();
  private dir: Promise<string> | null = null;
  private closed = false;

  constructor(
    private readonly limits: ReportJobLimits,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts a job for `owner` (a 429 error past the per-user limit of running jobs). */
  async start(
    owner: User,
    format: ReportFormat,
    name: ReportFileName,
    total: number,
    make: MakeReport,
  ): Promise<ReportJobView> {
    if (this.closed) throw new ConflictError('the server is shutting down');
    this.dir ??= mkdtemp(join(this.limits.tempRoot ?? tmpdir(), 'payesh-reports-'));
    const dir = await this.dir;
    // From here on nothing waits, so two requests at once cannot both pass the limit.
    const running = [...this.jobs.values()].filter((j) => j.ownerId === owner.id && j.state === 'running').length;
    if (running >= this.limits.perUser)
      throw new TooManyReportsError(`at most ${this.limits.perUser} reports at once per user; wait for one to finish`);
    const id = randomUUID();
    const job: Job = {
      id,
      ownerId: owner.id,
      format,
      name,
      total,
      path: join(dir, `${id}.${format}`),
      abort: new AbortController(),
      state: 'running',
      done: 0,
      expiry: setTimeout(() => void this.forget(id), this.limits.maxAgeMs).unref(),
    };
    this.jobs.set(id, job);
    job.work = make(job.path, (done) => void (job.done = done), job.abort.signal).then(
      () => void ((job.state = 'done'), (job.done = Math.max(job.done, job.total))),
      (error: unknown) => {
        job.state = 'failed';
        if (error instanceof PayeshError) job.error = error.message;
        else if (job.abort.signal.aborted) job.error = 'stopped';
        else {
          job.error = 'internal error; it has been logged';
          this.log(`payesh serve: report ${id}: ${(error as Error)?.stack ?? String(error)}`);
        }
      },
    );
    return view(job);
  }

  /** A job as its owner (or an admin) sees it; unknown to anyone else. */
  view(id: string, user: User): ReportJobView {
    return view(this.find(id, user));
  }

  /** The finished file and its names; 409 while the job runs or after it failed. */
  file(id: string, user: User): { path: string; format: ReportFormat; name: ReportFileName } {
    const job = this.find(id, user);
    if (job.state === 'running')
      throw new ConflictError(`the report is not ready yet (${job.done} of ${job.total} flags)`);
    if (job.state === 'failed') throw new ConflictError(`the report failed: ${job.error}`);
    return { path: job.path, format: job.format, name: job.name };
  }

  /** The file was sent: it stays for the grace period, then goes. */
  downloaded(id: string): void {
    const job = this.jobs.get(id);
    if (job && !job.grace) job.grace = setTimeout(() => void this.forget(id), this.limits.graceMs).unref();
  }

  /** Stops running jobs and deletes every file. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.jobs.keys()].map((id) => this.forget(id)));
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  private find(id: string, user: User): Job {
    const job = this.jobs.get(id);
    if (!job || (job.ownerId !== user.id && user.role !== 'admin')) throw new NotFoundError(`no report "${id}"`);
    return job;
  }

  private async forget(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    clearTimeout(job.expiry);
    clearTimeout(job.grace);
    job.abort.abort();
    await job.work;
    await rm(job.path, { force: true });
  }
}

const view = (job: Job): ReportJobView => ({
  id: job.id,
  state: job.state,
  done: job.done,
  total: job.total,
  filename: job.name.unicode,
  ...(job.error ? { error: job.error } : {}),
});
