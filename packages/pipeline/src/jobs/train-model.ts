import { DEFAULT_GBDT_PARAMS, InputError, trainGbdt, type GbdtParams, type PixelWindow } from '@payesh/core';
import type { ModelFile } from '@payesh/io';
import type { LabelledPair } from './labelled-pairs.js';
import { collectTrainingPixels, concatTrainingPixels } from './training-pixels.js';

export interface TrainingUnit {
  readonly pair: LabelledPair;
  readonly windows?: readonly PixelWindow[];
}

export interface TrainOptions {
  readonly params?: Partial<GbdtParams>;
  readonly perClassPerTile?: number;
  readonly signal?: AbortSignal;
  /** Stages: 'sample' while training pixels are collected (the word the progress bar shows), then 'train'. */
  readonly onProgress?: (stage: 'sample' | 'train', done: number, total: number) => void;
}

/**
 * Trains the change model on labelled pairs: class-balanced training pixels (evidence features and
 * label) from every pair, then boosted trees.
 */
export async function trainModel(units: readonly TrainingUnit[], options: TrainOptions = {}): Promise<ModelFile> {
  if (units.length === 0) throw new InputError('no labelled pairs to train on');
  const started = performance.now();
  const batches = [];
  let names: readonly string[] = [];
  for (const [i, unit] of units.entries()) {
    const { names: n, batch } = await collectTrainingPixels(unit.pair, {
      windows: unit.windows,
      perClassPerTile: options.perClassPerTile ?? 6000,
      seed: 1000 + i,
      signal: options.signal,
    });
    names = n;
    batches.push(batch);
    options.onProgress?.('sample', i + 1, units.length);
  }
  const set = concatTrainingPixels(batches);
  const positives = set.labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === set.labels.length)
    throw new InputError('the labelled pairs need both changed and unchanged pixels');
  const weights = Float32Array.from(set.labels, (v) =>
    v ? set.labels.length / (2 * positives) : set.labels.length / (2 * (set.labels.length - positives)),
  );
  const params: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...options.params };
  const model = trainGbdt({ features: names, columns: set.columns, labels: set.labels, weights }, params, (done) =>
    options.onProgress?.('train', done, params.trees),
  );
  return {
    format: 'payesh-change-model',
    version: 1,
    model,
    training: {
      pairs: units.map((u) => (u.windows ? `${u.pair.id} (${u.windows.length} windows)` : u.pair.id)),
      samples: set.labels.length,
      changed_samples: positives,
      features: names.length,
      params,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    },
  };
}
