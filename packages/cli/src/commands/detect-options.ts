import type { Command } from 'commander';
import { InputError, METHOD_NAMES, parseBandRoles, type DetectStage } from '@payesh/core';
import { DEFAULT_RASTER_LIMITS, type RasterLimits } from '@payesh/io';
import type { DetectJob, DetectOptions } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { progressReporter, type Progress } from '../progress.js';

/** The flags detect and compare share, as commander hands them over (text, checked into DetectOptions). */
export interface DetectFlags {
  before: string;
  after: string;
  out: string;
  overwrite?: boolean;
  model?: string;
  method?: string;
  minAreaM2: string;
  bands?: string;
  tileSize?: string;
  workers?: string;
  analysisGsd?: string;
  nativeGsd?: boolean;
  flips?: boolean;
  coregister?: boolean;
  quiet?: boolean;
  maxPixels?: string;
  maxCompressionRatio?: string;
}

export function nonNegativeNumber(text: string, option: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) throw new InputError(`${option} must be a number >= 0, got "${text}"`);
  return v;
}

/** Adds the image pair, output and detection options to a command. */
export function addDetectOptions(command: Command): Command {
  return command
    .requiredOption('--before <tif>', 'the earlier image, a file or an http(s) URL (results are on its grid)')
    .requiredOption(
      '--after <tif>',
      'the later image, a file or an http(s) URL (any CRS and resolution; aligned onto the before grid)',
    )
    .requiredOption(
      '--out <dir>',
      'output folder (created; one that already holds a run is refused without --overwrite)',
    )
    .option(
      '--overwrite',
      'replace the run already in --out (its files this run does not write, such as flags.csv, are removed)',
    )
    .option(
      '--model <file>',
      'a neural network from payesh model import (.onnx; method neural) or boosted trees from payesh train (.json; method learned)',
    )
    .option(
      '--method <name>',
      `detection method: ${[...METHOD_NAMES, 'neural'].join(', ')} (default: construction, or the model's)`,
    )
    .option('--min-area-m2 <n>', 'smallest change kept, in square metres', '20')
    .option(
      '--bands <r,g,b[,nir]>',
      'band numbers of red, green, blue (and near-infrared); default from the band count',
    )
    .option(
      '--tile-size <px>',
      'side of the windows processed at a time (default 512; neural models: from the model card)',
    )
    .option(
      '--analysis-gsd <m>',
      'score on overviews with pixels up to this size in metres (faster on fine imagery); default full resolution',
    )
    .option('--native-gsd', "neural models: run at the image's own resolution instead of resampling to the model's")
    .option(
      '--coregister',
      'neural models: also correct the residual shift found by phase correlation (other methods always do)',
    )
    .option('--flips', 'neural models: average over flipped copies of each tile (about 4x slower)')
    .option('--workers <n>', 'threads scoring windows in parallel (default: one per core; 1 = no worker threads)')
    .option('--quiet', 'no progress bar even on a terminal')
    .option(
      '--max-pixels <n>',
      `refuse an input raster with more pixels x bands than this (default ${DEFAULT_RASTER_LIMITS.maxPixels} = 2^36)`,
    )
    .option(
      '--max-compression-ratio <n>',
      `refuse an input raster whose blocks decode to more than this many times their stored size (default ${DEFAULT_RASTER_LIMITS.maxCompressionRatio})`,
    );
}

/** The detection job the flags describe, with a progress bar on a terminal. */
export function detectJobFrom(
  flags: DetectFlags,
  ctx: CommandContext,
  version: string,
  label: string,
): { job: DetectJob; progress: Progress } {
  const tileSize = flags.tileSize === undefined ? undefined : nonNegativeNumber(flags.tileSize, '--tile-size');
  if (tileSize !== undefined && (!Number.isInteger(tileSize) || tileSize < 64))
    throw new InputError(`--tile-size must be an integer >= 64, got "${flags.tileSize}"`);
  const workers = flags.workers === undefined ? undefined : nonNegativeNumber(flags.workers, '--workers');
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256))
    throw new InputError(`--workers must be an integer 1..256, got "${flags.workers}"`);
  const progress = progressReporter(flags.quiet ? { ...ctx, isTerminal: false } : ctx, label);
  const options: DetectOptions = {
    before: flags.before,
    after: flags.after,
    model: flags.model,
    method: flags.method,
    minAreaM2: nonNegativeNumber(flags.minAreaM2, '--min-area-m2'),
    roles: flags.bands === undefined ? undefined : parseRoles(flags.bands),
    tileSize,
    workers,
    analysisGsdM: flags.analysisGsd === undefined ? null : nonNegativeNumber(flags.analysisGsd, '--analysis-gsd'),
    nativeGsd: flags.nativeGsd === true,
    flips: flags.flips === true,
    coregister: flags.coregister === true,
    rasterLimits: rasterLimitsFrom(flags),
  };
  const job: DetectJob = {
    options,
    out: flags.out,
    overwrite: flags.overwrite === true,
    version,
    signal: ctx.signal,
    onProgress: (stage: DetectStage, done, total) => progress(stage, done, total),
  };
  return { job, progress };
}

/** A limit given on the command line: a number of at least 1. */
export function atLeastOne(text: string, option: string): number {
  const v = nonNegativeNumber(text, option);
  if (v < 1) throw new InputError(`${option} must be a number >= 1, got "${text}"`);
  return v;
}

function rasterLimitsFrom(flags: DetectFlags): Partial<RasterLimits> {
  const positive = atLeastOne;
  return {
    ...(flags.maxPixels === undefined ? {} : { maxPixels: positive(flags.maxPixels, '--max-pixels') }),
    ...(flags.maxCompressionRatio === undefined
      ? {}
      : { maxCompressionRatio: positive(flags.maxCompressionRatio, '--max-compression-ratio') }),
  };
}

function parseRoles(text: string) {
  try {
    return parseBandRoles(text, 64);
  } catch (error) {
    throw new InputError(`--bands: ${(error as Error).message}`);
  }
}
