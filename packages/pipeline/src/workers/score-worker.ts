/**
 * A score worker thread: opens the pair itself and scores the windows it is sent. Started by
 * score-pool.ts; the bootstrap of its thread (it reads workerData and touches nothing else global).
 */
import { workerData } from 'node:worker_threads';
import type { ScoreRequest, ScoreWorkerInit } from './score-messages.js';
import { scorerFromInit } from './scorer-from-init.js';
import { serveTasks } from './thread-pool.js';

const ready = scorerFromInit(workerData as ScoreWorkerInit);

export default serveTasks<ScoreRequest, Float32Array>(async ({ window, order }) => (await ready).scorer(order)(window));
