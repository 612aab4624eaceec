import { availableParallelism } from 'node:os';
import type { DateOrder, TileScorer } from '@payesh/core';
import type { ScoreRequest, ScoreWorkerInit } from './score-messages.js';
import { createThreadPool } from './thread-pool.js';

export interface ScorePool {
  readonly size: number;
  readonly score: TileScorer;
  /** Scores with the dates swapped (neural models only). */
  readonly scoreReversed: TileScorer;
  close(): Promise<void>;
}

/**
 * A pool of worker threads that score windows in parallel (one per core by default). Each worker
 * opens the pair itself, so only window coordinates and scores cross threads.
 */
export function createScorePool(init: ScoreWorkerInit, size = availableParallelism()): ScorePool {
  const ts = import.meta.url.endsWith('.ts');
  const pool = createThreadPool<ScoreRequest, Float32Array>(
    new URL(`./score-worker.${ts ? 'ts' : 'js'}`, import.meta.url),
    init,
    size,
  );
  const scorer =
    (order: DateOrder): TileScorer =>
    (window, signal) =>
      pool.run({ window, order }, signal);
  return { size: pool.size, score: scorer('forward'), scoreReversed: scorer('reversed'), close: () => pool.close() };
}
