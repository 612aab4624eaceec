import { clipWindow, type PixelWindow } from '../window.js';
import type { TileScorer } from './score-tile.js';

/** Rows `first`..`first + count` of the score over the whole width of a grid, NaN where nothing was scored. */
export type RowScorer = (first: number, count: number, signal?: AbortSignal) => Promise<Float32Array>;

/**
 * Scores a grid in square cells of `tile` pixels laid from its top-left corner, a row of cells at a
 * time (the cells of a row in parallel), and hands out any rows asked for. A row of cells is scored
 * once and kept while later requests may still need it, so every pixel's score comes from the same
 * cell whatever rows are asked for. Cells outside `overlap` are not scored.
 */
export function cellRowScorer(width: number, height: number, overlap: PixelWindow, tile: number, scorer: TileScorer): RowScorer {
  const cache = new Map<number, Promise<Float32Array>>();
  const scoreCellRow = async (index: number, signal?: AbortSignal): Promise<Float32Array> => {
    const row = index * tile;
    const rows = Math.min(tile, height - row);
    const parts: PixelWindow[] = [];
    for (let col = 0; col < width; col += tile) {
      const part = clipWindow({ col, row, width: tile, height: rows }, width, height)!;
      if (clipWindow({ col: part.col - overlap.col, row: part.row - overlap.row, width: part.width, height: part.height }, overlap.width, overlap.height) !== null) parts.push(part);
    }
    const scores = await Promise.all(parts.map((part) => scorer(part, signal)));
    const out = new Float32Array(width * rows).fill(NaN);
    parts.forEach((part, k) => {
      for (let r = 0; r < part.height; r++) out.set(scores[k]!.subarray(r * part.width, (r + 1) * part.width), r * width + part.col);
    });
    return out;
  };
  return async (first, count, signal) => {
    const out = new Float32Array(width * count);
    const firstCell = Math.floor(first / tile);
    for (const index of cache.keys()) if (index < firstCell) cache.delete(index);
    for (let index = firstCell; index * tile < first + count; index++) {
      let cells = cache.get(index);
      if (!cells) {
        cells = scoreCellRow(index, signal);
        cache.set(index, cells);
      }
      const rows = await cells;
      const from = Math.max(first, index * tile);
      const to = Math.min(first + count, index * tile + rows.length / width);
      out.set(rows.subarray((from - index * tile) * width, (to - index * tile) * width), (from - first) * width);
    }
    return out;
  };
}
