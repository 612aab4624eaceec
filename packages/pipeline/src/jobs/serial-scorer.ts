import { setImmediate } from 'node:timers/promises';
import type { TileScorer } from '@payesh/core';

/**
 * Scores in this thread one window at a time, each after a turn of the event loop. Detection asks for a
 * whole row of windows at once (64 on a 32768-pixel-wide image); started together, their reads (cached
 * or sparse blocks: no I/O) and their scoring ran back to back without the event loop turning, so a
 * process signal was seen only a row later (66 s after SIGTERM). Now an abort stops the next window.
 */
export function serialScorer(scorer: TileScorer): TileScorer {
  let last: Promise<unknown> = Promise.resolve();
  return (window, signal) => {
    const turn = last.then(
      () => setImmediate(),
      () => setImmediate(),
    );
    const scored = turn.then(() => {
      signal?.throwIfAborted();
      return scorer(window, signal);
    });
    last = scored.catch(() => undefined);
    return scored;
  };
}
