import type { Command } from 'commander';
import { printableQueueUrl, runQueueWorker } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { atLeastOne } from './detect-options.js';
import { addQueueConnectionOptions, openQueue, type QueueFlags } from './queue-options.js';

interface WorkerFlags extends QueueFlags {
  concurrency: string;
  lockDuration: string;
  stalledInterval: string;
  quiet?: boolean;
}

export function registerWorker(program: Command, ctx: CommandContext): void {
  addQueueConnectionOptions(
    program
      .command('worker')
      .description(
        'process queued detect and compare runs (their windows and assembly) until Ctrl-C or SIGTERM; start one per machine or core, all seeing the inputs and outputs at the same paths',
      ),
    true,
  )
    .option('--concurrency <n>', 'jobs processed at once by this process', '1')
    .option(
      '--lock-duration <ms>',
      "how long a job stays this worker's without renewal: a killed worker's job is taken over after it",
      '20000',
    )
    .option('--stalled-interval <ms>', 'how often to look for jobs of workers that died', '10000')
    .option('--quiet', 'no line per job')
    .action(async (flags: WorkerFlags) => {
      const concurrency = atLeastOne(flags.concurrency, '--concurrency');
      const lockDurationMs = atLeastOne(flags.lockDuration, '--lock-duration');
      const stalledIntervalMs = atLeastOne(flags.stalledInterval, '--stalled-interval');
      const conn = await openQueue(flags, ctx);
      try {
        ctx.stderr(`payesh worker: processing ${printableQueueUrl(flags.queue!)} (Ctrl-C to stop)\n`);
        await runQueueWorker(
          conn,
          {
            concurrency,
            lockDurationMs,
            stalledIntervalMs,
            onEvent: flags.quiet ? undefined : (line) => ctx.stderr(`${line}\n`),
          },
          ctx.signal,
        );
        ctx.stderr('payesh worker: stopped\n');
      } finally {
        await conn.close();
      }
    });
}
