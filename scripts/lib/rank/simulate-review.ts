import { fitRanker, predictRanker, validatesBetter, type FitRankerOptions, type RankFlag } from '@payesh/core';

/** A queued flag in a simulated review: what the ranker reads, the truth, its place in the original order. */
export interface SimulatedFlag {
  readonly flag: RankFlag;
  /** 1: an inspector who knows the truth confirms it; 0: dismisses it. */
  readonly truth: 0 | 1;
  /** flags.geojson rank (1 first). */
  readonly rank: number;
}

export interface ReviewRound {
  /** Decisions made so far, this round's included. */
  readonly decided: number;
  /** Share confirmed of this round's batch. */
  readonly batchPrecision: number;
  /** Share of the first `top` pending flags (in the order after this round) that are true; null when none is pending. */
  readonly topPendingPrecision: number | null;
  /** The same of the same pending flags in the original order (what ranking adds at this moment). */
  readonly topPendingOriginalOrder: number | null;
  /** Whether a model was fitted and applied after this round (its k-fold AP beat the original order's). */
  readonly applied: boolean;
  readonly averagePrecision: number | null;
  readonly baselineAveragePrecision: number | null;
  /** Milliseconds to fit and predict (ranking only). */
  readonly rankMs: number;
}

export interface ReviewOptions {
  readonly batch: number;
  readonly rounds: number;
  readonly top: number;
  /** Re-rank after each round; false: the original order throughout. */
  readonly rank: boolean;
  /** The ranker's settings (default: as `payesh rank` fits it). */
  readonly fit?: FitRankerOptions;
}

/**
 * An inspector deciding the queue's first `batch` pending flags each round, by the truth; with `rank`,
 * the ranker is fitted on every decision so far after each round and, when its k-fold average
 * precision beats the original order's by MIN_AP_GAIN, orders what is pending by its probability
 * (otherwise by the original order), as `payesh rank` does.
 */
export function simulateReview(flags: readonly SimulatedFlag[], options: ReviewOptions): ReviewRound[] {
  const score = new Float64Array(flags.length);
  flags.forEach((f, i) => (score[i] = -f.rank));
  const decided = new Uint8Array(flags.length);
  const decidedList: number[] = [];
  const rounds: ReviewRound[] = [];
  const pendingOrder = (): number[] =>
    flags
      .map((_, i) => i)
      .filter((i) => !decided[i])
      .sort((a, b) => score[b]! - score[a]! || flags[a]!.rank - flags[b]!.rank);
  for (let round = 0; round < options.rounds; round++) {
    const batch = pendingOrder().slice(0, options.batch);
    if (batch.length === 0) break;
    for (const i of batch) (decided[i] = 1), decidedList.push(i);
    let applied = false;
    let ap: number | null = null;
    let baseAp: number | null = null;
    let rankMs = 0;
    if (options.rank) {
      const started = performance.now();
      const fit = fitRanker(
        decidedList.map((i) => flags[i]!.flag),
        Uint8Array.from(decidedList, (i) => flags[i]!.truth),
        decidedList.map((i) => -flags[i]!.rank),
        options.fit,
      );
      if (fit.model && fit.validation) {
        ap = fit.validation.averagePrecision;
        baseAp = fit.validation.baselineAveragePrecision;
        if (validatesBetter(fit.validation)) {
          const pending = flags.map((_, i) => i).filter((i) => !decided[i]);
          const predicted = predictRanker(
            fit.model,
            pending.map((i) => flags[i]!.flag),
          );
          pending.forEach((i, k) => (score[i] = predicted[k]!.probability));
          applied = true;
        }
      }
      // Not applied: the queue is back in the original order.
      if (!applied) flags.forEach((f, i) => (score[i] = -f.rank));
      rankMs = performance.now() - started;
    }
    const pendingNow = pendingOrder();
    const top = pendingNow.slice(0, options.top);
    const topOriginal = [...pendingNow].sort((a, b) => flags[a]!.rank - flags[b]!.rank).slice(0, options.top);
    const share = (list: number[]) =>
      list.length ? list.reduce((s, i) => s + flags[i]!.truth, 0) / list.length : null;
    rounds.push({
      decided: decidedList.length,
      batchPrecision: batch.reduce((s, i) => s + flags[i]!.truth, 0) / batch.length,
      topPendingPrecision: share(top),
      topPendingOriginalOrder: share(topOriginal),
      applied,
      averagePrecision: ap,
      baselineAveragePrecision: baseAp,
      rankMs,
    });
  }
  return rounds;
}
