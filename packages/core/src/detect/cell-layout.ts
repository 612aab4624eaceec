import { clipWindow, type PixelWindow } from '../window.js';

/** One row of cells: where it starts on the grid and the cells of it that are scored, left to right. */
export interface CellRow {
  /** Index of the row among all cell rows of the grid, top to bottom. */
  readonly index: number;
  /** Grid row where its cells start. */
  readonly row: number;
  /** Its cells that meet the overlap of the pair (none when the row lies outside it). */
  readonly cells: readonly PixelWindow[];
}

/**
 * Where cells start along an axis: every `tile` pixels from 0 (the last one shorter) without blending;
 * with blending every `tile - blend` pixels and the last one flush with the far edge.
 */
function cellStarts(size: number, tile: number, blend: number): number[] {
  const starts: number[] = [];
  if (blend === 0 || size <= tile) {
    for (let p = 0; p < size; p += tile) starts.push(p);
    return starts;
  }
  for (let p = 0; p + tile < size; p += tile - blend) starts.push(p);
  starts.push(size - tile);
  return starts;
}

/**
 * The square cells of `tile` pixels in which a grid is scored, by rows from the top: what
 * cellRowScorer scores, and the units of work a queue hands out (one job per cell row), so the two
 * never disagree. With `blend` > 0 neighbouring cells overlap by `blend` pixels; cells outside
 * `overlap` are left out.
 */
export function cellLayout(
  width: number,
  height: number,
  overlap: PixelWindow,
  tile: number,
  blend = 0,
): readonly CellRow[] {
  const cols = cellStarts(width, tile, blend);
  return cellStarts(height, tile, blend).map((row, index) => {
    const cells: PixelWindow[] = [];
    for (const col of cols) {
      const part = clipWindow({ col, row, width: tile, height: tile }, width, height)!;
      const inside = clipWindow(
        { col: part.col - overlap.col, row: part.row - overlap.row, width: part.width, height: part.height },
        overlap.width,
        overlap.height,
      );
      if (inside !== null) cells.push(part);
    }
    return { index, row, cells };
  });
}
