/**
 * A score worker thread: opens the pair itself and scores the windows it is sent. Started by
 * score-pool.ts; the bootstrap of its thread (it touches parentPort and nothing else global).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { alignmentFromParts, inProcessScorer, methodByName, PayeshError, type RasterReader } from '@payesh/core';
import { openGeoTiff } from '../geotiff/open-geotiff.js';
import type { ScoreReply, ScoreRequest, ScoreWorkerInit, SerializedError } from './score-messages.js';

const init = workerData as ScoreWorkerInit;
const port = parentPort!;

function serialize(error: unknown): SerializedError {
  if (error instanceof PayeshError) return { name: error.name, code: error.code, message: error.message, file: error.file ?? null };
  const e = error as Error;
  return { name: e?.name ?? 'Error', code: null, message: e?.stack ?? String(error), file: null };
}

const ready = (async () => {
  const readers: RasterReader[] = [await openGeoTiff(init.before), await openGeoTiff(init.after)];
  const method = methodByName(init.method, { model: init.model ?? undefined });
  return inProcessScorer(readers[0]!, readers[1]!, alignmentFromParts(init.alignment), method, init.levels);
})();

port.on('message', (request: ScoreRequest) => {
  ready
    .then((score) => score(request.window))
    .then(
      (scores) => port.postMessage({ id: request.id, scores } satisfies ScoreReply, [scores.buffer as ArrayBuffer]),
      (error: unknown) => port.postMessage({ id: request.id, error: serialize(error) } satisfies ScoreReply),
    );
});
