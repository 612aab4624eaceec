import type { RasterInfo } from '../raster.js';
import { levelGrid } from '../align/grid.js';
import { groundSampleDistance } from '../align/ground-distance.js';
import { alignmentFromParts, alignmentParts, type Alignment } from './alignment.js';

/** Which overview of each image the change is scored on, and how it relates to the before grid. */
export interface AnalysisLevels {
  readonly before: number;
  readonly after: number;
  /** Before full-resolution pixels per analysis pixel, along columns and rows (1 at full resolution). */
  readonly scaleX: number;
  readonly scaleY: number;
}

export const FULL_RESOLUTION: AnalysisLevels = { before: 0, after: 0, scaleX: 1, scaleY: 1 };

/** The coarsest level whose pixels are at most `maxGsdM` (0 when none is). */
function coarsestLevel(info: RasterInfo, maxGsdM: number): number {
  let chosen = 0;
  for (let level = 1; level <= info.overviews.length; level++) {
    if (groundSampleDistance(levelGrid(info, level)) <= maxGsdM * 1.02) chosen = level;
  }
  return chosen;
}

/**
 * Levels to score on so that analysis pixels are at most `maxGsdM` (null: full resolution): the
 * coarsest before overview that fine, and the coarsest after overview at least as fine as that.
 * Needs the images' internal or external overviews; without them scoring stays at full resolution.
 */
export function chooseAnalysisLevels(before: RasterInfo, after: RasterInfo, maxGsdM: number | null): AnalysisLevels {
  if (maxGsdM === null) return FULL_RESOLUTION;
  const b = coarsestLevel(before, maxGsdM);
  if (b === 0) return FULL_RESOLUTION;
  const grid = levelGrid(before, b);
  const a = coarsestLevel(after, groundSampleDistance(grid));
  return { before: b, after: a, scaleX: before.width / grid.width, scaleY: before.height / grid.height };
}

/** The alignment restated for the analysis levels (grids, shift and overlap in their pixels). */
export function alignmentAtLevels(
  alignment: Alignment,
  before: RasterInfo,
  after: RasterInfo,
  levels: AnalysisLevels,
): Alignment {
  if (levels.before === 0 && levels.after === 0) return alignment;
  const parts = alignmentParts(alignment);
  const { scaleX: sx, scaleY: sy } = levels;
  const o = parts.overlap;
  const beforeGrid = levelGrid(before, levels.before);
  const col = Math.floor(o.col / sx);
  const row = Math.floor(o.row / sy);
  return alignmentFromParts({
    ...parts,
    beforeGrid,
    afterGrid: levelGrid(after, levels.after),
    gsdM: groundSampleDistance(beforeGrid),
    shift: { ...parts.shift, dx: parts.shift.dx / sx, dy: parts.shift.dy / sy },
    overlap: {
      col,
      row,
      width: Math.min(beforeGrid.width, Math.ceil((o.col + o.width) / sx)) - col,
      height: Math.min(beforeGrid.height, Math.ceil((o.row + o.height) / sy)) - row,
    },
  });
}
