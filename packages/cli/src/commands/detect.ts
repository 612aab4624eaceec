import type { Command } from 'commander';
import { runDetectJob } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { addDetectOptions, detectJobFrom, type DetectFlags } from './detect-options.js';

export function registerDetect(program: Command, ctx: CommandContext, version: string): void {
  addDetectOptions(
    program
      .command('detect')
      .description(
        'find what changed between two dated images; writes change-mask.tif, change-score.tif, changes.geojson and run.json',
      ),
  ).action(async (flags: DetectFlags) => {
    const { job, progress } = detectJobFrom(flags, ctx, version, 'detect');
    const result = await runDetectJob(job);
    progress.done();
    ctx.stdout(
      `${result.regions} changed region${result.regions === 1 ? '' : 's'}, ${result.changedAreaM2.toFixed(0)} m2, written to ${flags.out}\n`,
    );
  });
}
