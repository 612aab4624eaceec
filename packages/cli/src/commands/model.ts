import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { ARCHITECTURES, importModel } from '@payesh/nn';
import type { CommandContext } from '../context.js';
import { nonNegativeNumber } from './detect-options.js';

interface ImportOptions {
  arch: string;
  weights: string;
  out: string;
  gsd?: string;
  name?: string;
  licence?: string;
  tileSize?: string;
  margin?: string;
  blend?: string;
}

function positiveInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const v = nonNegativeNumber(text, option);
  if (!Number.isInteger(v)) throw new InputError(`${option} must be a whole number, got "${text}"`);
  return v;
}

export function registerModel(program: Command, ctx: CommandContext, version: string): void {
  const model = program.command('model').description('neural change-detection models: import published weights');
  model
    .command('import')
    .description('read published PyTorch weights (no Python needed) and write an ONNX model with its model card')
    .requiredOption('--arch <name>', `network architecture: ${[...ARCHITECTURES.keys()].join(', ')}`)
    .requiredOption('--weights <file.pth>', 'the published state dict (torch.save zip format)')
    .requiredOption('--out <model.onnx>', 'where to write the model')
    .option(
      '--gsd <m>',
      'ground sample distance of the training imagery in metres (known published weights: from the file name)',
    )
    .option('--name <text>', 'a name for the model (default: the output file name)')
    .option('--licence <text>', "the weights' licence (default: what their authors state, for known weights)")
    .option('--tile-size <px>', "inference tile side in model pixels (default: the architecture's)")
    .option('--margin <px>', "context cropped from each side of a tile, in model pixels (default: the architecture's)")
    .option(
      '--blend <px>',
      "overlap across which neighbouring tiles are blended, in model pixels (default: the architecture's)",
    )
    .action(async (options: ImportOptions) => {
      const gsdM = options.gsd === undefined ? undefined : Number(options.gsd);
      if (gsdM !== undefined && !(gsdM > 0 && Number.isFinite(gsdM)))
        throw new InputError(`--gsd must be a number of metres > 0, got "${options.gsd}"`);
      const card = await importModel({
        arch: options.arch,
        weights: options.weights,
        out: options.out,
        gsdM,
        name: options.name,
        licence: options.licence,
        tileSize: positiveInteger(options.tileSize, '--tile-size'),
        margin: positiveInteger(options.margin, '--margin'),
        blend: positiveInteger(options.blend, '--blend'),
        version,
      });
      ctx.stdout(
        `${card.architecture} "${card.name}": ${card.weights.tensors} tensors, ${card.weights.numbers} numbers, trained at ${card.gsd_m} m; tiles ${card.tile.size} px, margin ${card.tile.margin} px, blend ${card.tile.blend} px; threshold ${card.threshold}\n` +
          `licence: ${card.licence}\nwritten to ${options.out}\n`,
      );
    });
}
