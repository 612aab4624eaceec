import type { PixelWindow } from '../window.js';
import { cellLayout } from './cell-layout.js';
import type { TileScorer } from './tile-scorer.js';

/** Rows `first`..`first + count` of the score over the whole width of a grid, NaN where nothing was scored. */
export type RowScorer = (first: number, count: number, signal?: AbortSignal) => Promise<Float32Array>;

/** A cell's weight along one axis: ramps of `blend` pixels at its ends (1 everywhere without blending). */
function ramp(length: number, blend: number): Float32Array {
  return Float32Array.from({ length }, (_, p) =>
    blend === 0 ? 1 : Math.min(1, (p + 0.5) / blend, (length - p - 0.5) / blend),
  );
}

interface RowSum {
  readonly sum: Float32Array;
  readonly weight: Float32Array;
}

/**
 * Scores a grid in square cells of `tile` pixels laid from its top-left corner, a row of cells at a
 * time (the cells of a row in parallel), and hands out any rows asked for, top to bottom. Every cell
 * is scored once. With `blend` > 0 neighbouring cells overlap by `blend` pixels and their scores are
 * averaged with weights that ramp across the overlap, so no cell edge shows; without, each pixel has
 * its own cell's score. Cells outside `overlap` are not scored.
 */
export function cellRowScorer(
  width: number,
  height: number,
  overlap: PixelWindow,
  tile: number,
  scorer: TileScorer,
  blend = 0,
): RowScorer {
  const layout = cellLayout(width, height, overlap, tile, blend);
  const pending = new Map<number, RowSum>();
  let next = 0;
  const rowSum = (row: number): RowSum => {
    let r = pending.get(row);
    if (!r) {
      r = { sum: new Float32Array(width), weight: new Float32Array(width) };
      pending.set(row, r);
    }
    return r;
  };
  const scoreCellRow = async (parts: readonly PixelWindow[], signal?: AbortSignal): Promise<void> => {
    const scores = await Promise.all(parts.map((part) => scorer(part, signal)));
    parts.forEach((part, k) => {
      const wx = ramp(part.width, blend);
      const wy = ramp(part.height, blend);
      const score = scores[k]!;
      for (let r = 0; r < part.height; r++) {
        const { sum, weight } = rowSum(part.row + r);
        for (let c = 0; c < part.width; c++) {
          const v = score[r * part.width + c]!;
          if (v !== v) continue;
          const w = wx[c]! * wy[r]!;
          sum[part.col + c]! += w * v;
          weight[part.col + c]! += w;
        }
      }
    });
  };
  return async (first, count, signal) => {
    // Requests go down the grid, overlapping the previous one by a few rows at most.
    for (const row of pending.keys()) if (row < first) pending.delete(row);
    // Rows are complete once every cell row starting at or above them is scored.
    while (next < layout.length && layout[next]!.row < first + count) await scoreCellRow(layout[next++]!.cells, signal);
    const out = new Float32Array(width * count);
    for (let r = 0; r < count; r++) {
      const row = pending.get(first + r);
      for (let c = 0; c < width; c++)
        out[r * width + c] = row && row.weight[c]! > 0 ? row.sum[c]! / row.weight[c]! : NaN;
    }
    return out;
  };
}
