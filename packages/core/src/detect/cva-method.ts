import type { ChangeMethod } from './change-method.js';

/** Change vector analysis: the length of the per-pixel change vector, scaled to 0..1. A classic baseline. */
export const cvaMethod: ChangeMethod = {
  name: 'cva',
  description: 'change-vector analysis with an Otsu threshold (classic baseline)',
  threshold: 'otsu',
  halo: () => 0,
  score(pair) {
    const n = pair.width * pair.height;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let b = 0; b < pair.before.length; b++) s += (pair.after[b]![i]! - pair.before[b]![i]!) ** 2;
      out[i] = Math.min(1, Math.sqrt(s / pair.before.length));
    }
    return out;
  },
};
