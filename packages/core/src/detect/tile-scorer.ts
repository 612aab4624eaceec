import type { RasterReader } from '../raster.js';
import type { PixelWindow } from '../window.js';
import type { Alignment } from './alignment.js';
import type { ChangeMethod } from './change-method.js';
import { readPairWindow } from './read-pair-window.js';
import { FULL_RESOLUTION, type AnalysisLevels } from './analysis-levels.js';

/** Port: the change score of one window of the before grid (NaN where either date has no data). */
export type TileScorer = (window: PixelWindow, signal?: AbortSignal) => Promise<Float32Array>;

/**
 * Scores a window in this thread: reads it with the method's context, scores, crops to the window.
 * Windows and the alignment are on the analysis grid (the before image at `levels.before`).
 */
export function inProcessScorer(
  before: RasterReader,
  after: RasterReader,
  alignment: Alignment,
  method: ChangeMethod,
  levels: AnalysisLevels = FULL_RESOLUTION,
): TileScorer {
  const halo = method.halo(alignment.gsdM);
  return async (window, signal) => {
    const { pair, inner } = await readPairWindow(before, after, alignment, window, halo, signal, levels);
    const score = method.score({ ...pair, inner: { ...inner, width: window.width, height: window.height } });
    const out = new Float32Array(window.width * window.height);
    const valid = pair.before[0]!;
    for (let r = 0; r < window.height; r++) {
      const src = (inner.row + r) * pair.width + inner.col;
      for (let c = 0; c < window.width; c++) {
        // Scores only where both dates have data (filters fill in around gaps).
        const v = valid[src + c]!;
        out[r * window.width + c] = v === v ? score[src + c]! : NaN;
      }
    }
    return out;
  };
}
