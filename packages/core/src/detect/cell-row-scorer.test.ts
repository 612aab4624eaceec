import { describe, expect, it } from 'vitest';
import type { PixelWindow } from '../window.js';
import { cellRowScorer } from './cell-row-scorer.js';

describe('cellRowScorer', () => {
  it('scores each cell once and gives every pixel the score of its cell, whatever rows are asked for', async () => {
    const asked: PixelWindow[] = [];
    // The score names the cell that made it: pixels must carry their own cell's id.
    const rows = cellRowScorer(10, 7, { col: 0, row: 0, width: 10, height: 7 }, 4, async (w) => {
      asked.push(w);
      return new Float32Array(w.width * w.height).fill(w.col * 100 + w.row);
    });
    const a = await rows(0, 3);
    const b = await rows(3, 4);
    expect(asked).toEqual([
      { col: 0, row: 0, width: 4, height: 4 },
      { col: 4, row: 0, width: 4, height: 4 },
      { col: 8, row: 0, width: 2, height: 4 },
      { col: 0, row: 4, width: 4, height: 3 },
      { col: 4, row: 4, width: 4, height: 3 },
      { col: 8, row: 4, width: 2, height: 3 },
    ]);
    const all = [...a, ...b];
    for (let r = 0; r < 7; r++)
      for (let c = 0; c < 10; c++) expect(all[r * 10 + c]).toBe(Math.floor(c / 4) * 400 + Math.floor(r / 4) * 4);
  });

  it('leaves cells outside the overlap unscored (NaN)', async () => {
    const rows = cellRowScorer(8, 4, { col: 4, row: 0, width: 4, height: 4 }, 4, async (w) =>
      new Float32Array(w.width * w.height).fill(1),
    );
    const out = await rows(0, 4);
    expect(Number.isNaN(out[0]!)).toBe(true);
    expect(out[5]).toBe(1);
  });

  it('blends overlapping cells with weights that ramp across the overlap', async () => {
    const asked: PixelWindow[] = [];
    const rows = cellRowScorer(
      12,
      1,
      { col: 0, row: 0, width: 12, height: 1 },
      8,
      async (w) => {
        asked.push(w);
        return new Float32Array(w.width * w.height).fill(w.col === 0 ? 0 : 1);
      },
      4,
    );
    const out = await rows(0, 1);
    // Cells 0..8 and 4..12 (the last one flush with the edge).
    expect(asked.map((w) => [w.col, w.width])).toEqual([
      [0, 8],
      [4, 8],
    ]);
    expect([...out.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...out.subarray(8)]).toEqual([1, 1, 1, 1]);
    // Across the overlap the second cell's share grows: 1/8, 3/8, 5/8, 7/8 of ramps (p + 0.5) / 4.
    expect([...out.subarray(4, 8)].map((v) => Math.round(v * 1000) / 1000)).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it('answers requests that overlap the previous one by a few rows', async () => {
    const rows = cellRowScorer(4, 8, { col: 0, row: 0, width: 4, height: 8 }, 4, async (w) =>
      new Float32Array(w.width * w.height).fill(w.row),
    );
    await rows(0, 5);
    const again = await rows(3, 5);
    expect([...again.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(again[4]).toBe(4);
  });
});
