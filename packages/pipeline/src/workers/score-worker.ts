/**
 * A score worker thread: opens the pair itself and scores the windows it is sent. Started by
 * score-pool.ts; the bootstrap of its thread (it reads workerData and touches nothing else global).
 */
import { workerData } from 'node:worker_threads';
import {
  alignmentFromParts,
  InputError,
  inProcessScorer,
  methodByName,
  neuralScorer,
  type DateOrder,
  type RasterReader,
  type TileScorer,
} from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import { openNeuralModel } from '@payesh/nn';
import type { ScoreRequest, ScoreWorkerInit } from './score-messages.js';
import { serveTasks } from './thread-pool.js';

const init = workerData as ScoreWorkerInit;

const ready = (async () => {
  const { options } = init;
  const readers: RasterReader[] = [
    await openGeoTiff(options.before, { limits: options.rasterLimits }),
    await openGeoTiff(options.after, { limits: options.rasterLimits }),
  ];
  const alignment = alignmentFromParts(init.alignment);
  if (init.neural) {
    const { net } = await openNeuralModel(options.model!, 1);
    const scoring = init.neural;
    const scorers: Record<DateOrder, TileScorer> = {
      forward: neuralScorer(readers[0]!, readers[1]!, alignment, net, scoring, 'forward'),
      reversed: neuralScorer(readers[0]!, readers[1]!, alignment, net, scoring, 'reversed'),
    };
    return (order: DateOrder): TileScorer => scorers[order];
  }
  const method = methodByName(options.method, { model: init.trees ?? undefined });
  const forward = inProcessScorer(readers[0]!, readers[1]!, alignment, method, init.levels);
  return (order: DateOrder): TileScorer => {
    if (order !== 'forward') throw new InputError(`method ${method.name} scores the dates only as they are`);
    return forward;
  };
})();

export default serveTasks<ScoreRequest, Float32Array>(async ({ window, order }) => (await ready)(order)(window));
