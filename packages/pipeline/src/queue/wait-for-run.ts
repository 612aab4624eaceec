import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, InputError } from '@payesh/core';
import type { QueueConnection } from './queue-connection.js';
import type { AssembledRun } from './run-jobs.js';
import { runStatus } from './run-status.js';

/**
 * Waits for a queued run to be assembled, telling `onProgress` of its windows done; returns what the
 * assembly returned. A failed run throws with its reason, a cancelled one says so. `signal` stops the
 * waiting only: the run stays on the queue.
 */
export async function waitForRun(
  conn: QueueConnection,
  run: string,
  options: { readonly signal?: AbortSignal; readonly pollMs?: number; onProgress?(done: number, total: number): void },
): Promise<AssembledRun> {
  for (;;) {
    const status = await runStatus(conn, run);
    options.onProgress?.(status.windows.done, status.windows.total);
    if (status.state === 'done' && status.result) return status.result;
    if (status.state === 'cancelled') throw new InputError(`run ${run} was cancelled`);
    if (status.state === 'failed') throw new DataError(`run ${run} failed: ${status.error ?? 'a window failed'}`);
    await sleep(options.pollMs ?? 250, undefined, { signal: options.signal });
  }
}
