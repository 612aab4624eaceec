import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { DataError, InputError, NotFoundError, type PixelWindow, type TileScorer } from '@payesh/core';
import type { ScoreReply, ScoreWorkerInit, SerializedError } from './score-messages.js';

export interface ScorePool {
  readonly size: number;
  readonly score: TileScorer;
  close(): Promise<void>;
}

function revive(e: SerializedError): Error {
  const options = e.file === null ? {} : { file: e.file };
  if (e.code === 'input') return new InputError(e.message, options);
  if (e.code === 'not-found') return new NotFoundError(e.message, options);
  if (e.code === 'data' || e.code === 'unsupported' || e.code === 'limit') return new DataError(e.message, { ...options, code: e.code });
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/**
 * Starts the worker script; from TypeScript sources (no build step) through a small bootstrap that
 * registers tsx's loader in the new thread first.
 */
function startWorker(init: ScoreWorkerInit): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(`./score-worker.${ts ? 'ts' : 'js'}`, import.meta.url);
  if (!ts) return new Worker(url, { workerData: init });
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

/**
 * A pool of worker threads that score windows in parallel (one per core by default). Each worker
 * opens the pair itself, so only window coordinates and scores cross threads.
 */
export function createScorePool(init: ScoreWorkerInit, size = availableParallelism()): ScorePool {
  const pending = new Map<number, { resolve: (s: Float32Array) => void; reject: (e: Error) => void }>();
  const queue: { id: number; window: PixelWindow }[] = [];
  const idle: Worker[] = [];
  let nextId = 0;
  let failure: Error | null = null;
  const workers = Array.from({ length: Math.max(1, size) }, () => {
    const worker = startWorker(init);
    worker.on('message', (reply: ScoreReply) => {
      const task = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) task?.reject(revive(reply.error));
      else task?.resolve(reply.scores);
      dispatch(worker);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const task of pending.values()) task.reject(error);
      pending.clear();
    });
    idle.push(worker);
    return worker;
  });
  const dispatch = (worker: Worker): void => {
    const job = queue.shift();
    if (job) worker.postMessage(job);
    else idle.push(worker);
  };
  const score: TileScorer = (window, signal) =>
    new Promise<Float32Array>((resolve, reject) => {
      if (failure) return reject(failure);
      if (signal?.aborted) return reject(signal.reason as Error);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      queue.push({ id, window });
      const worker = idle.pop();
      if (worker) dispatch(worker);
    });
  return {
    size: workers.length,
    score,
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
