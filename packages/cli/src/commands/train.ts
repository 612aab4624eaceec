import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { writeModelFile } from '@payesh/io';
import { findLabelledPairs, trainModel } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { progressReporter } from '../progress.js';

interface TrainOptions {
  data: string;
  out: string;
  trees: string;
  set?: string;
}

export function registerTrain(program: Command, ctx: CommandContext): void {
  program
    .command('train')
    .description('train the change model on labelled pairs (folders with before.tif, after.tif, truth.tif)')
    .requiredOption('--data <dir>', 'folder of labelled pairs (cd-bench layout: <set>/<pair>/, or <pair>/ directly)')
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--trees <n>', 'number of boosted trees', '120')
    .option('--set <names>', 'only pairs of these sets (comma-separated), e.g. levir,whu')
    .action(async (options: TrainOptions) => {
      const trees = Number(options.trees);
      if (!Number.isInteger(trees) || trees < 1 || trees > 5000)
        throw new InputError(`--trees must be an integer 1..5000, got "${options.trees}"`);
      let pairs = await findLabelledPairs(options.data);
      if (options.set) {
        const sets = new Set(options.set.split(',').map((s) => s.trim()));
        pairs = pairs.filter((p) => sets.has(p.set));
        if (pairs.length === 0) throw new InputError(`no labelled pairs of set ${options.set}`, { file: options.data });
      }
      const progress = progressReporter(ctx, 'train');
      const model = await trainModel(
        pairs.map((pair) => ({ pair })),
        { params: { trees }, signal: ctx.signal, onProgress: (stage, done, total) => progress(stage, done, total) },
      );
      progress.done();
      await writeModelFile(options.out, model);
      const t = model.training;
      ctx.stdout(
        `trained on ${pairs.length} pairs (${String(t.samples)} samples, ${String(t.features)} features, ${trees} trees) in ${String(t.seconds)} s; model written to ${options.out}\n`,
      );
    });
}
