/**
 * A score worker thread: opens the pair itself and scores the windows it is sent. Started by
 * score-pool.ts; the bootstrap of its thread (it touches parentPort and nothing else global).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { alignmentFromParts, inProcessScorer, methodByName, neuralScorer, type PixelWindow, type RasterReader } from '@payesh/core';
import { openNeuralModel } from '@payesh/nn';
import { openGeoTiff } from '../geotiff/open-geotiff.js';
import type { ScoreWorkerInit } from './score-messages.js';
import { serveRequests } from './worker-pool.js';

const init = workerData as ScoreWorkerInit;

const ready = (async () => {
  const readers: RasterReader[] = [await openGeoTiff(init.before), await openGeoTiff(init.after)];
  if (init.neural) {
    const model = await openNeuralModel(init.neural.model, 1);
    return neuralScorer(readers[0]!, readers[1]!, alignmentFromParts(init.alignment), model.net, init.neural.scoring);
  }
  const method = methodByName(init.method, { model: init.model ?? undefined });
  return inProcessScorer(readers[0]!, readers[1]!, alignmentFromParts(init.alignment), method, init.levels);
})();

serveRequests<PixelWindow, Float32Array>(parentPort!, async (window) => (await ready)(window), (scores) => [scores.buffer as ArrayBuffer]);
