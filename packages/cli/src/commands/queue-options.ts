import type { Command } from 'commander';
import { parcelProblemLines } from '@payesh/io';
import {
  connectQueue,
  printableQueueUrl,
  submitRun,
  waitForRun,
  type AssembledRun,
  type QueueConnection,
  type QueuedJob,
} from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import type { Progress } from '../progress.js';

/** The flags of a command that talks to a queue. */
export interface QueueFlags {
  queue?: string;
  queuePrefix?: string;
  detach?: boolean;
}

/** `--queue` and `--queue-prefix`, for every command that talks to a queue. */
export function addQueueConnectionOptions(command: Command, required: boolean): Command {
  const text = 'the job queue: redis://host:6379[/db] (BullMQ on Redis)';
  return (required ? command.requiredOption('--queue <url>', text) : command.option('--queue <url>', text)).option(
    '--queue-prefix <name>',
    'prefix of the queue keys in Redis (one per deployment)',
    'payesh',
  );
}

/** detect and compare: `--queue` splits the run into window jobs for `payesh worker` processes. */
export function addQueueOptions(command: Command): Command {
  return addQueueConnectionOptions(command, false).option(
    '--detach',
    'with --queue: return once the run is queued (follow it with payesh runs status)',
  );
}

export async function openQueue(flags: QueueFlags, ctx: CommandContext): Promise<QueueConnection> {
  return connectQueue({ url: flags.queue!, prefix: flags.queuePrefix }, { signal: ctx.signal });
}

/**
 * Puts a detect or compare run on the queue and, unless detached, waits for its assembly with the
 * progress bar of windows scored; Ctrl-C leaves the run on the queue and says how to follow it.
 */
export async function runQueued(
  command: 'detect' | 'compare',
  job: QueuedJob,
  flags: QueueFlags,
  ctx: CommandContext,
  progress: Progress,
): Promise<AssembledRun | null> {
  const conn = await openQueue(flags, ctx);
  try {
    const submitted = await submitRun(conn, command, job, { signal: ctx.signal });
    const follow = `payesh runs status ${submitted.run} --queue ${printableQueueUrl(flags.queue!)}${flags.queuePrefix && flags.queuePrefix !== 'payesh' ? ` --queue-prefix ${flags.queuePrefix}` : ''}`;
    ctx.stderr(
      `run ${submitted.run} ${submitted.added ? 'queued' : 'was on the queue already'}: ${submitted.windows} window${submitted.windows === 1 ? '' : 's'}\n`,
    );
    if (flags.detach) {
      ctx.stdout(`run ${submitted.run} queued; follow it with ${follow}\n`);
      return null;
    }
    try {
      const result = await waitForRun(conn, submitted.run, {
        signal: ctx.signal,
        onProgress: (done, total) => progress('windows', done, total),
      });
      progress.done();
      return result;
    } catch (error) {
      progress.done();
      if ((error as { name?: string }).name === 'AbortError')
        ctx.stderr(`payesh: run ${submitted.run} stays on the queue; follow it with ${follow}\n`);
      throw error;
    }
  } finally {
    await conn.close();
  }
}

/** The lines compare prints of an assembled run, as it does of one run in this process. */
export function compareSummary(
  result: AssembledRun,
  parcelsPath: string,
  permitsPath: string,
  out: string,
  ctx: CommandContext,
): void {
  for (const line of parcelProblemLines(parcelsPath, result.parcelProblems ?? [])) ctx.stderr(`${line}\n`);
  const rejected = result.permitsRejected ?? 0;
  if (rejected && result.firstRejectedPermit)
    ctx.stderr(
      `${permitsPath}: ${rejected} row${rejected === 1 ? '' : 's'} left out (first: line ${result.firstRejectedPermit.line}: ${result.firstRejectedPermit.message}); all listed in run.json\n`,
    );
  const counts = Object.entries(result.byViolation ?? {})
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  const flags = result.flags ?? 0;
  ctx.stdout(
    `${flags} flag${flags === 1 ? '' : 's'}${counts ? ` (${counts})` : ''} on ${result.parcelsUsed ?? 0} parcels, written to ${out}\n`,
  );
}
