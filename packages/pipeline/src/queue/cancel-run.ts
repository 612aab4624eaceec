import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { QueueConnection } from './queue-connection.js';
import { assembleJobId, windowJobId } from './run-key.js';
import { markCancelled, runEntry } from './run-registry.js';
import { runStatus, type RunStatus } from './run-status.js';
import { workFolder } from './submit-run.js';

/**
 * Cancels a run: marks it (workers stop its windows under way between cells, and never assemble it),
 * removes its jobs not yet started and its work folder when this machine sees it (a window under way
 * then fails to write its row: it is cancelled anyway). An assembled run stays as it is.
 */
export async function cancelRun(conn: QueueConnection, run: string): Promise<RunStatus> {
  const entry = await runEntry(conn, run);
  const before = await runStatus(conn, run);
  if (before.state === 'done') return before;
  await markCancelled(conn, run);
  const parent = await conn.queue.getJob(assembleJobId(run));
  // All at once when no job of the run is locked by a worker; else those waiting, one by one.
  const removedAll = await parent
    ?.remove({ removeChildren: true })
    .then(() => true)
    .catch(() => false);
  if (!removedAll)
    for (const w of entry.windows) {
      const job = await conn.queue.getJob(windowJobId(run, w));
      const state = await job?.getState();
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized')
        await job!.remove().catch(() => undefined);
    }
  const work = workFolder(entry.out, run);
  await rm(work, { recursive: true, force: true }).catch(() => undefined);
  await rmdir(dirname(work)).catch(() => undefined);
  return runStatus(conn, run);
}
