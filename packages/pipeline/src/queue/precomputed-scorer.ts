import { DataError, type CellRow, type TileScorer } from '@payesh/core';
import { readCellScores } from './cell-scores-file.js';

/**
 * A scorer that reads back the scores queue workers wrote for the cells of `layout` into `work`
 * (one file per cell row), instead of scoring: detection then assembles a run from them exactly as
 * it would from scores made in this process. Only the cells of the layout can be asked for.
 */
export function precomputedScorer(work: string, layout: readonly CellRow[]): TileScorer {
  const byStart = new Map(layout.map((row) => [row.row, row]));
  // The rows asked for last (detection asks for a row's cells together, rows top to bottom).
  let cached: { index: number; scores: Promise<Float32Array[]> } | null = null;
  return async (window, signal) => {
    const row = byStart.get(window.row);
    const k = row?.cells.findIndex(
      (c) => c.col === window.col && c.width === window.width && c.height === window.height,
    );
    if (!row || k === undefined || k < 0)
      throw new DataError(`no cell of the queued run at ${JSON.stringify(window)}`, { file: work });
    if (cached?.index !== row.index) cached = { index: row.index, scores: readCellScores(work, row, signal) };
    return (await cached.scores)[k]!;
  };
}
