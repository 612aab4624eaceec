export { runDetectJob } from './jobs/run-detect-job.js';
export type { DetectJobResult } from './jobs/run-detect-job.js';
export type { DetectJob, DetectOptions } from './jobs/detect-options.js';
export { runCompareJob } from './jobs/run-compare-job.js';
export type { CompareJob, CompareJobResult } from './jobs/run-compare-job.js';
export { sha256File, sha256Input } from './jobs/file-digest.js';
export { findLabelledPairs } from './jobs/labelled-pairs.js';
export type { LabelledPair } from './jobs/labelled-pairs.js';
export { trainModel } from './jobs/train-model.js';
export type { TrainingUnit, TrainOptions } from './jobs/train-model.js';
export { createThreadPool, serveTasks } from './workers/thread-pool.js';
export type { ThreadPool } from './workers/thread-pool.js';
export {
  connectQueue,
  checkQueueUrl,
  printableQueueUrl,
  DEFAULT_QUEUE_NAME,
  DEFAULT_QUEUE_PREFIX,
} from './queue/queue-connection.js';
export type { QueueConfig, QueueConnection } from './queue/queue-connection.js';
export { submitRun, workFolder } from './queue/submit-run.js';
export type { SubmitOptions, SubmittedRun } from './queue/submit-run.js';
export { runKey, windowJobId, assembleJobId } from './queue/run-key.js';
export type { RunIdentity } from './queue/run-key.js';
export type { AssembledRun, QueuedJob } from './queue/run-jobs.js';
export { runQueueWorker } from './queue/queue-worker.js';
export type { QueueWorkerOptions } from './queue/queue-worker.js';
export { runStatus, listRunStatuses } from './queue/run-status.js';
export type { RunStatus, RunState, AssemblyState } from './queue/run-status.js';
export { cancelRun } from './queue/cancel-run.js';
export { dropQueue } from './queue/drop-queue.js';
export { waitForRun } from './queue/wait-for-run.js';
