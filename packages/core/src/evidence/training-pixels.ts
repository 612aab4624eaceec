import type { FeatureStack } from './features.js';

/** Training pixels: pixels drawn for training, as feature columns (one value per pixel) and labels. */
export interface TrainingPixels {
  readonly columns: Float32Array[];
  readonly labels: Uint8Array;
}

/**
 * Draws up to `perClass` changed and `perClass` unchanged pixels from the inner part of a feature
 * window (`inner` offset, `width` x `height`), skipping pixels with any NaN feature. Deterministic
 * for a seed. `truth` is on the inner window (non-zero = changed).
 */
export function drawTrainingPixels(
  stack: FeatureStack,
  truth: Uint8Array,
  inner: { col: number; row: number; width: number; height: number },
  perClass: number,
  seed: number,
): TrainingPixels {
  const byClass: number[][] = [[], []];
  for (let r = 0; r < inner.height; r++) {
    for (let c = 0; c < inner.width; c++) {
      const at = (inner.row + r) * stack.width + inner.col + c;
      if (stack.planes.some((p) => Number.isNaN(p[at]!))) continue;
      byClass[truth[r * inner.width + c] ? 1 : 0]!.push(at);
    }
  }
  let s = seed >>> 0 || 1;
  const random = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const chosen: [number, number][] = [];
  for (const label of [0, 1]) {
    const pool = byClass[label]!;
    // Partial Fisher-Yates: the first k of a shuffled pool.
    const k = Math.min(perClass, pool.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      chosen.push([pool[i]!, label]);
    }
  }
  return {
    columns: stack.planes.map((p) => Float32Array.from(chosen, ([at]) => p[at]!)),
    labels: Uint8Array.from(chosen, ([, label]) => label),
  };
}
