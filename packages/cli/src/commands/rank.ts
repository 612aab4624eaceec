import type { Command } from 'commander';
import type { RankingRecord } from '@payesh/contract';
import { rankRun } from '@payesh/store';
import type { CommandContext } from '../context.js';
import { DB_OPTION_HELP, withStore } from '../existing-store.js';

/** One line on what a ranking did, for people. */
export function describeRanking(r: RankingRecord): string {
  const runs = r.fromRuns.length > 1 ? ` of runs ${r.fromRuns.map((x) => `"${x}"`).join(', ')}` : '';
  if (!r.applied)
    return `run "${r.runId}": order kept (the original order), the model was not applied: ${r.reason}${runs ? ` (decisions${runs})` : ''}`;
  return `run "${r.runId}": ranked ${r.ranked} pending flags by the probability that an inspector confirms them, learned from ${r.decided} decisions (${r.confirmed} confirmed, ${r.decided - r.confirmed} dismissed)${runs}; k-fold average precision ${r.averagePrecision!.toFixed(3)} vs ${r.baselineAveragePrecision!.toFixed(3)} for the original order (${r.folds} folds); model ${r.modelVersion}; fit ${(r.fitMs / 1000).toFixed(2)} s, store ${(r.storeMs / 1000).toFixed(2)} s`;
}

export function registerRank(program: Command, ctx: CommandContext): void {
  program
    .command('rank')
    .description(
      "learn from the run's confirmed and dismissed flags and re-rank its pending flags by the probability that an inspector confirms them (applied only when it validates better than the original order)",
    )
    .requiredOption('--run <run>', 'the run to re-rank')
    .option('--db <file>', DB_OPTION_HELP, 'payesh.db')
    .option(
      '--from-run <run>',
      "also learn from another run's decisions (the same city's earlier date); repeat for more (default: the runs the run's last ranking learned from)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--json', 'print the ranking record as JSON')
    .action(async (options: { run: string; db: string; fromRun?: string[]; json?: boolean }) => {
      const record = await withStore(options.db, (store) => rankRun(store, options.run, { fromRuns: options.fromRun }));
      ctx.stdout(options.json ? `${JSON.stringify(record, null, 2)}\n` : `${describeRanking(record)}\n`);
    });
}
