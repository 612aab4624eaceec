import type { Command } from 'commander';
import { runDetectJob } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { addDetectOptions, detectJobFrom, type DetectFlags } from './detect-options.js';
import { addQueueOptions, runQueued, type QueueFlags } from './queue-options.js';

export function registerDetect(program: Command, ctx: CommandContext, version: string): void {
  addQueueOptions(
    addDetectOptions(
      program
        .command('detect')
        .description(
          'find what changed between two dated images; writes change-mask.tif, change-score.tif, changes.geojson and run.json',
        ),
    ),
  ).action(async (flags: DetectFlags & QueueFlags) => {
    const { job, progress } = detectJobFrom(flags, ctx, version, 'detect');
    let summary: { regions: number; changedAreaM2: number };
    if (flags.queue !== undefined) {
      const { signal: _signal, onProgress: _onProgress, ...queued } = job;
      const assembled = await runQueued('detect', queued, flags, ctx, progress);
      if (!assembled) return;
      summary = assembled;
    } else {
      summary = await runDetectJob(job);
      progress.done();
    }
    ctx.stdout(
      `${summary.regions} changed region${summary.regions === 1 ? '' : 's'}, ${summary.changedAreaM2.toFixed(0)} m2, written to ${flags.out}\n`,
    );
  });
}
