/**
 * A ranking thread: fits and validates the learned ranker (k-fold boosted trees) off the server's main
 * thread, so that the API stays quick while it learns.
 */
import { fitRanker, type RankFit, type RankFlag } from '@payesh/core';
import { serveTasks } from '@payesh/pipeline';

export interface RankTask {
  readonly flags: RankFlag[];
  readonly labels: Uint8Array;
  readonly current: Float64Array;
}

export default serveTasks<RankTask, RankFit>(async (task) => fitRanker(task.flags, task.labels, task.current));
