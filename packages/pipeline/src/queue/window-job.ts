import { access } from 'node:fs/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import type { InitScorer } from '../workers/scorer-from-init.js';
import { scorerFromInit } from '../workers/scorer-from-init.js';
import type { ScoreWorkerInit } from '../workers/score-messages.js';
import { cellScoresPath, writeCellScores } from './cell-scores-file.js';
import { decodeJobJson } from './job-json.js';
import type { WindowJobData } from './run-jobs.js';

/** Scorers of the runs a worker has seen lately, opened once per run (the pair, the model). */
export interface ScorerCache {
  /** The scorer of a run, opened from its init (job JSON) the first time. */
  get(run: string, init: string): Promise<InitScorer>;
  close(): Promise<void>;
}

export function createScorerCache(size = 4): ScorerCache {
  const open = new Map<string, Promise<InitScorer>>();
  return {
    get(run, init) {
      let s = open.get(run);
      if (!s) {
        s = scorerFromInit(decodeJobJson<ScoreWorkerInit>(init));
        s.catch(() => open.delete(run));
        open.set(run, s);
        for (const [old, scorer] of open) {
          if (open.size <= size) break;
          open.delete(old);
          void scorer.then((x) => x.close()).catch(() => undefined);
        }
      }
      return s;
    },
    async close() {
      for (const s of open.values()) await (await s.catch(() => null))?.close();
      open.clear();
    },
  };
}

/**
 * Scores a window job's row of cells and writes their scores to its file in the run's work folder
 * (whole or not at all). A row whose file exists was scored already (by a worker that died before
 * telling the queue) and is not scored again. Between cells: progress, and the run's cancel mark.
 */
export async function processWindowJob(
  job: Job<WindowJobData>,
  scorers: ScorerCache,
  cancelled: (run: string) => Promise<boolean>,
): Promise<{ cells: number; scored: boolean }> {
  const { run, init, row, work } = job.data;
  const exists = await access(cellScoresPath(work, row.index)).then(
    () => true,
    () => false,
  );
  if (exists) return { cells: row.cells.length, scored: false };
  const scorer = (await scorers.get(run, init)).scorer('forward');
  const scores: Float32Array[] = [];
  for (const [k, cell] of row.cells.entries()) {
    if (await cancelled(run)) throw new UnrecoverableError(`run ${run} was cancelled`);
    scores.push(await scorer(cell));
    await job.updateProgress(Math.round(((k + 1) / row.cells.length) * 100));
  }
  await writeCellScores(work, row, scores);
  return { cells: row.cells.length, scored: true };
}
