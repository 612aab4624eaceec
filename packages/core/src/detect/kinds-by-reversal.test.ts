import { describe, expect, it } from 'vitest';
import { findComponents } from '../mask/components.js';
import { emptyRunMask, rowRuns } from '../mask/run-mask.js';
import { kindsByReversal } from './kinds-by-reversal.js';

/** Three 4x4 squares on a 32x8 grid: at columns 2, 12 and 22. */
function squares() {
  const width = 32;
  const mask = new Uint8Array(width * 8);
  for (const c0 of [2, 12, 22]) for (let r = 2; r < 6; r++) for (let c = c0; c < c0 + 4; c++) mask[r * width + c] = 1;
  const runs = emptyRunMask(width, 8);
  for (let r = 0; r < 8; r++) runs.rows[r] = rowRuns(mask, width, r);
  return findComponents(runs).sort((a, b) => a.bbox[0] - b.bbox[0]);
}

describe('kindsByReversal', () => {
  it('names new what the model finds only forward, removed what it finds only backward, and leaves the rest', async () => {
    const components = squares();
    // Backward scores by column: low under the first square, high under the second, as forward under the third.
    const reverse = async (w: { col: number; row: number; width: number; height: number }) =>
      Float32Array.from({ length: w.width * w.height }, (_, i) => {
        const col = w.col + (i % w.width);
        return col < 10 ? 0.1 : col < 20 ? 0.95 : 0.85;
      });
    const kinds = await kindsByReversal(components, [0.9, 0.7, 0.9], reverse, 8, 32, 8);
    expect(kinds).toEqual(['new', 'removed', null]);
  });
});
