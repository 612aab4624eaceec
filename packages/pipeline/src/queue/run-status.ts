import type { QueueConnection } from './queue-connection.js';
import { assembleJobId, windowJobId } from './run-key.js';
import { allRuns, isCancelled, runEntry, type RunEntry } from './run-registry.js';
import type { AssembledRun } from './run-jobs.js';

export type AssemblyState = 'waiting' | 'active' | 'done' | 'failed' | 'removed';
export type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RunStatus {
  readonly run: string;
  readonly command: 'detect' | 'compare';
  readonly out: string;
  readonly state: RunState;
  readonly windows: { readonly total: number; readonly done: number; readonly active: number; readonly failed: number };
  readonly assembly: AssemblyState;
  /** Why the run failed (its assembly's or a window's reason). */
  readonly error: string | null;
  readonly result: AssembledRun | null;
  readonly submittedAt: string;
}

/** Where a run is: its windows done, under way and failed, its assembly, cancelled or not. */
export async function runStatus(conn: QueueConnection, run: string): Promise<RunStatus> {
  return statusOf(conn, await runEntry(conn, run));
}

/** Every run submitted to the queue, oldest first. */
export async function listRunStatuses(conn: QueueConnection): Promise<RunStatus[]> {
  return Promise.all((await allRuns(conn)).map((e) => statusOf(conn, e)));
}

async function statusOf(conn: QueueConnection, entry: RunEntry): Promise<RunStatus> {
  const states = await Promise.all(entry.windows.map((w) => conn.queue.getJobState(windowJobId(entry.run, w))));
  const parent = await conn.queue.getJob(assembleJobId(entry.run));
  const parentState = parent ? await parent.getState() : 'unknown';
  const assembly: AssemblyState =
    parentState === 'completed'
      ? 'done'
      : parentState === 'failed'
        ? 'failed'
        : parentState === 'active'
          ? 'active'
          : parentState === 'unknown'
            ? 'removed'
            : 'waiting';
  const cancelled = await isCancelled(conn, entry.run);
  const windows = {
    total: entry.windows.length,
    done: states.filter((s) => s === 'completed').length,
    active: states.filter((s) => s === 'active').length,
    failed: states.filter((s) => s === 'failed').length,
  };
  const state: RunState =
    assembly === 'done'
      ? 'done'
      : cancelled
        ? 'cancelled'
        : assembly === 'failed' || windows.failed > 0
          ? 'failed'
          : windows.done > 0 || windows.active > 0 || assembly === 'active'
            ? 'running'
            : 'queued';
  return {
    run: entry.run,
    command: entry.command,
    out: entry.out,
    state,
    windows,
    assembly,
    error: parent?.failedReason || null,
    result: assembly === 'done' ? ((parent?.returnvalue as AssembledRun | undefined) ?? null) : null,
    submittedAt: entry.submittedAt,
  };
}
