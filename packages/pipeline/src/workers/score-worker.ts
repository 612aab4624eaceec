/**
 * A score worker thread: opens the pair itself and scores the windows it is sent. Started by
 * score-pool.ts; the bootstrap of its thread (it touches parentPort and nothing else global).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { alignmentFromParts, InputError, inProcessScorer, methodByName, neuralScorer, type DateOrder, type RasterReader, type TileScorer } from '@payesh/core';
import { openNeuralModel } from '@payesh/nn';
import { openGeoTiff } from '@payesh/io';
import type { ScoreRequest, ScoreWorkerInit } from './score-messages.js';
import { serveRequests } from './worker-pool.js';

const init = workerData as ScoreWorkerInit;

const ready = (async () => {
  const readers: RasterReader[] = [await openGeoTiff(init.before, { limits: init.limits }), await openGeoTiff(init.after, { limits: init.limits })];
  const alignment = alignmentFromParts(init.alignment);
  if (init.neural) {
    const { net } = await openNeuralModel(init.neural.model, 1);
    const scoring = init.neural.scoring;
    const scorers: Record<DateOrder, TileScorer> = {
      forward: neuralScorer(readers[0]!, readers[1]!, alignment, net, scoring, 'forward'),
      reversed: neuralScorer(readers[0]!, readers[1]!, alignment, net, scoring, 'reversed'),
    };
    return (order: DateOrder): TileScorer => scorers[order];
  }
  const forward = inProcessScorer(readers[0]!, readers[1]!, alignment, methodByName(init.method, { model: init.model ?? undefined }), init.levels);
  return (order: DateOrder): TileScorer => {
    if (order !== 'forward') throw new InputError(`method ${init.method} scores the dates only as they are`);
    return forward;
  };
})();

serveRequests<ScoreRequest, Float32Array>(parentPort!, async ({ window, order }) => (await ready)(order)(window), (scores) => [scores.buffer as ArrayBuffer]);
