import { availableParallelism } from 'node:os';
import type { PixelWindow, TileScorer } from '@payesh/core';
import type { ScoreWorkerInit } from './score-messages.js';
import { createWorkerPool } from './worker-pool.js';

export interface ScorePool {
  readonly size: number;
  readonly score: TileScorer;
  close(): Promise<void>;
}

/**
 * A pool of worker threads that score windows in parallel (one per core by default). Each worker
 * opens the pair itself, so only window coordinates and scores cross threads.
 */
export function createScorePool(init: ScoreWorkerInit, size = availableParallelism()): ScorePool {
  const ts = import.meta.url.endsWith('.ts');
  const pool = createWorkerPool<PixelWindow, Float32Array>(new URL(`./score-worker.${ts ? 'ts' : 'js'}`, import.meta.url), init, size);
  return { size: pool.size, score: (window, signal) => pool.run(window, signal), close: () => pool.close() };
}
