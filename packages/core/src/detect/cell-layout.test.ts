import { describe, expect, it } from 'vitest';
import type { PixelWindow } from '../window.js';
import { cellLayout } from './cell-layout.js';
import { cellRowScorer } from './cell-row-scorer.js';

/** The cells cellRowScorer asks its scorer for, in order, when every row of the grid is read. */
async function scoredCells(
  width: number,
  height: number,
  overlap: PixelWindow,
  tile: number,
  blend: number,
): Promise<PixelWindow[]> {
  const asked: PixelWindow[] = [];
  const rows = cellRowScorer(
    width,
    height,
    overlap,
    tile,
    async (w) => {
      asked.push(w);
      return new Float32Array(w.width * w.height);
    },
    blend,
  );
  for (let r = 0; r < height; r += 5) await rows(r, Math.min(5, height - r));
  return asked;
}

describe('cellLayout', () => {
  const cases = [
    { width: 10, height: 7, overlap: { col: 0, row: 0, width: 10, height: 7 }, tile: 4, blend: 0 },
    { width: 37, height: 29, overlap: { col: 5, row: 9, width: 20, height: 11 }, tile: 8, blend: 0 },
    { width: 37, height: 29, overlap: { col: 0, row: 0, width: 37, height: 29 }, tile: 12, blend: 4 },
    { width: 50, height: 41, overlap: { col: 20, row: 3, width: 30, height: 30 }, tile: 16, blend: 6 },
  ];
  it.each(cases)(
    'lays out exactly the cells cellRowScorer scores ($width x $height, tile $tile, blend $blend)',
    async (c) => {
      const layout = cellLayout(c.width, c.height, c.overlap, c.tile, c.blend);
      expect(layout.flatMap((r) => r.cells)).toEqual(await scoredCells(c.width, c.height, c.overlap, c.tile, c.blend));
      layout.forEach((r, i) => {
        expect(r.index).toBe(i);
        for (const cell of r.cells) expect(cell.row).toBe(r.row);
      });
    },
  );

  it('keeps rows outside the overlap, empty, so row indices stay those of the grid', () => {
    const layout = cellLayout(8, 12, { col: 0, row: 4, width: 8, height: 4 }, 4);
    expect(layout.map((r) => [r.row, r.cells.length])).toEqual([
      [0, 0],
      [4, 2],
      [8, 0],
    ]);
  });
});
