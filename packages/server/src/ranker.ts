import type { RankingRecord, User } from '@payesh/contract';
import { createThreadPool, type ThreadPool } from '@payesh/pipeline';
import { fitInThisThread, rankingState, rankRun, type RankFitter, type Store } from '@payesh/store';
import type { RankFit } from '@payesh/core';
import type { RankTask } from './rank-worker.js';

/** Learned ranking in the server: on request (supervisors) and in the background after every `every` decisions. */
export interface Ranker {
  rankNow(runId: string, user: User): Promise<RankingRecord>;
  /** After a decision: ranks the run in the background once `every` decisions were made since its last ranking. */
  afterDecision(runId: string): void;
  /** Resolves when no background ranking is running (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface RankerOptions {
  /** Decisions between background rankings; 0: none. */
  readonly every: number;
  /** Fit on a worker thread (false: on the main thread, as tests with no threads do). */
  readonly thread: boolean;
  readonly log: (line: string) => void;
}

export function createRanker(store: Store, options: RankerOptions): Ranker {
  let pool: ThreadPool<RankTask, RankFit> | null = null;
  const fit: RankFitter = options.thread
    ? (flags, labels, current) => {
        const ts = import.meta.url.endsWith('.ts');
        pool ??= createThreadPool<RankTask, RankFit>(
          new URL(`./rank-worker.${ts ? 'ts' : 'js'}`, import.meta.url),
          { role: 'rank' },
          1,
        );
        return pool.run({ flags, labels, current });
      }
    : fitInThisThread;
  const running = new Map<string, Promise<void>>();
  // Decisions made while a ranking fits count towards the next: look again when it is done.
  const background = async (runId: string): Promise<void> => {
    for (;;) {
      const state = await rankingState(store, runId);
      if (!state.enabled || state.decisionsSince < options.every) return;
      const r = await rankRun(store, runId, { fit, source: 'server' });
      options.log(
        `ranking of run "${runId}" after ${state.decisionsSince} new decisions: ${r.applied ? `applied, model ${r.modelVersion}` : `not applied (${r.reason})`}`,
      );
    }
  };
  return {
    rankNow: (runId, user) => rankRun(store, runId, { fit, user }),
    afterDecision(runId) {
      if (options.every <= 0 || running.has(runId)) return;
      const job = background(runId)
        .catch((error: Error) => options.log(`ranking of run "${runId}" failed: ${error.message}`))
        .finally(() => running.delete(runId));
      running.set(runId, job);
    },
    async idle() {
      while (running.size > 0) await Promise.all(running.values());
    },
    async close() {
      await Promise.all(running.values());
      await pool?.close();
    },
  };
}
