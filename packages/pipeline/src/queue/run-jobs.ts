import type { CellRow } from '@payesh/core';
import type { ParcelProblem } from '@payesh/io';
import type { CompareJob } from '../jobs/run-compare-job.js';
import type { DetectJob } from '../jobs/detect-options.js';

/** A detect or compare job as plain data, without what stays with its caller (signal, progress). */
export type QueuedJob = Omit<DetectJob, 'signal' | 'onProgress'> & Partial<Omit<CompareJob, keyof DetectJob>>;

/** A window job: score one row of cells into the run's work folder. */
export interface WindowJobData {
  readonly run: string;
  /** The ScoreWorkerInit, as job JSON (job-json.ts: NaN and typed arrays survive). */
  readonly init: string;
  readonly row: CellRow;
  readonly work: string;
}

/** The assembly job: once every window is scored, the run's outputs from the scores in `work`. */
export interface AssembleJobData {
  readonly run: string;
  readonly command: 'detect' | 'compare';
  readonly job: QueuedJob;
  readonly work: string;
}

/** What an assembled run returns (its job's return value): enough for the summary line of the CLI. */
export interface AssembledRun {
  readonly command: 'detect' | 'compare';
  readonly out: string;
  readonly regions: number;
  readonly changedAreaM2: number;
  readonly flags?: number;
  readonly byViolation?: Readonly<Record<string, number>>;
  readonly parcelsUsed?: number;
  readonly parcelProblems?: readonly ParcelProblem[];
  readonly permitsRejected?: number;
  readonly firstRejectedPermit?: { readonly line: number; readonly message: string } | null;
}

/** Names of the jobs on the queue. */
export const WINDOW_JOB = 'window';
export const ASSEMBLE_JOB = 'assemble';
