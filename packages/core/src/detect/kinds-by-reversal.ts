import { clipWindow } from '../window.js';
import type { Component } from '../mask/components.js';
import type { ChangeKind } from './change-region.js';
import type { TileScorer } from './tile-scorer.js';

/** How much more likely one direction must be than the other to name a region's kind. */
const MARGIN = 0.1;

/**
 * Kinds of regions from a directional change model (one trained on buildings appearing): each region
 * is scored again with the dates swapped. A region the model finds forward but much less backward is
 * new, the reverse is removed; null where the two directions agree (other evidence decides). The
 * swapped scores are taken once per cell of `tile` pixels holding a region's centre, cells in parallel,
 * from the pixels of the region inside that cell.
 */
export async function kindsByReversal(
  components: readonly Component[],
  forward: readonly number[],
  reverse: TileScorer,
  tile: number,
  width: number,
  height: number,
  signal?: AbortSignal,
): Promise<(ChangeKind | null)[]> {
  const cells = new Map<string, number[]>();
  components.forEach((c, i) => {
    const [c0, r0, c1, r1] = c.bbox;
    const key = `${Math.floor((r0 + r1) / 2 / tile)},${Math.floor((c0 + c1) / 2 / tile)}`;
    cells.set(key, [...(cells.get(key) ?? []), i]);
  });
  const kinds: (ChangeKind | null)[] = components.map(() => null);
  const entries = [...cells.entries()];
  // A few cells at a time: the pool behind `reverse` runs them in parallel, memory stays bounded.
  for (let k = 0; k < entries.length; k += 8) {
    await Promise.all(
      entries.slice(k, k + 8).map(async ([key, members]) => {
        const [cellRow, cellCol] = key.split(',').map(Number) as [number, number];
        const w = clipWindow({ col: cellCol * tile, row: cellRow * tile, width: tile, height: tile }, width, height)!;
        const scores = await reverse(w, signal);
        for (const i of members) {
          const runs = components[i]!.runs;
          let sum = 0;
          let n = 0;
          for (let t = 0; t < runs.length; t += 3) {
            const row = runs[t]!;
            if (row < w.row || row >= w.row + w.height) continue;
            for (let col = Math.max(runs[t + 1]!, w.col); col < Math.min(runs[t + 2]!, w.col + w.width); col++) {
              const v = scores[(row - w.row) * w.width + col - w.col]!;
              if (v !== v) continue;
              sum += v;
              n++;
            }
          }
          if (n === 0) continue;
          const backward = sum / n;
          kinds[i] = forward[i]! - backward >= MARGIN ? 'new' : backward - forward[i]! >= MARGIN ? 'removed' : null;
        }
      }),
    );
  }
  return kinds;
}
