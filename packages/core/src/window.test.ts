import { describe, expect, it } from 'vitest';
import { clipWindow, tileWindows } from './window.js';

describe('windows', () => {
  it('tileWindows covers the grid exactly once', () => {
    const windows = tileWindows(1000, 700, 256);
    const seen = new Uint8Array(1000 * 700);
    for (const w of windows)
      for (let r = w.row; r < w.row + w.height; r++)
        for (let c = w.col; c < w.col + w.width; c++) seen[r * 1000 + c]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(windows).toHaveLength(4 * 3);
  });
  it('clipWindow clips and says when nothing overlaps', () => {
    expect(clipWindow({ col: -5, row: 90, width: 20, height: 20 }, 100, 100)).toEqual({
      col: 0,
      row: 90,
      width: 15,
      height: 10,
    });
    expect(clipWindow({ col: 100, row: 0, width: 5, height: 5 }, 100, 100)).toBeNull();
  });
});
