import type { Command } from 'commander';
import { cancelRun, listRunStatuses, printableQueueUrl, runStatus, type RunStatus } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { addQueueConnectionOptions, openQueue, type QueueFlags } from './queue-options.js';

interface StatusFlags extends QueueFlags {
  json?: boolean;
}

function statusLine(s: RunStatus): string {
  const w = s.windows;
  const extra = [w.active ? `${w.active} active` : '', w.failed ? `${w.failed} failed` : ''].filter(Boolean).join(', ');
  return `${s.run} ${s.command} ${s.state}: windows ${w.done}/${w.total}${extra ? ` (${extra})` : ''}, assembly ${s.assembly}, out ${s.out}${s.error && s.state !== 'cancelled' ? ` (${s.error})` : ''}`;
}

export function registerRuns(program: Command, ctx: CommandContext): void {
  const runs = program.command('runs').description('runs on a job queue: where they are, cancel one');
  addQueueConnectionOptions(
    runs.command('status').description('windows done of each run (or of one), assembly, output folder'),
    true,
  )
    .argument('[run]', 'a run id (as detect/compare --queue printed it); default every run')
    .option('--json', 'as JSON')
    .action(async (run: string | undefined, flags: StatusFlags) => {
      const conn = await openQueue(flags, ctx);
      try {
        const statuses = run === undefined ? await listRunStatuses(conn) : [await runStatus(conn, run)];
        if (flags.json) ctx.stdout(`${JSON.stringify(run === undefined ? statuses : statuses[0], null, 2)}\n`);
        else if (statuses.length === 0) ctx.stdout(`no runs on ${printableQueueUrl(flags.queue!)}\n`);
        else for (const s of statuses) ctx.stdout(`${statusLine(s)}\n`);
      } finally {
        await conn.close();
      }
    });
  addQueueConnectionOptions(
    runs
      .command('cancel')
      .description('stop a run: its waiting windows are removed, those under way stop, no assembly'),
    true,
  )
    .argument('<run>', 'the run id')
    .action(async (run: string, flags: QueueFlags) => {
      const conn = await openQueue(flags, ctx);
      try {
        ctx.stdout(`${statusLine(await cancelRun(conn, run))}\n`);
      } finally {
        await conn.close();
      }
    });
}
