import type { RasterReader } from '../raster.js';
import { clipWindow, type PixelWindow } from '../window.js';
import { sourceWindowFor, warpWindow } from '../align/warp.js';
import { applyNormalisation, applyStretch, type Normalisation } from '../radiometry/normalise.js';
import type { Alignment } from './alignment.js';
import { toFloatBands } from './float-bands.js';
import type { PairWindow } from './change-method.js';

/** A window of the pair with context around it, and where the requested window sits inside. */
export interface PairWithHalo {
  readonly pair: PairWindow;
  /** The window read (the request widened by the halo, clipped to the before grid). */
  readonly read: PixelWindow;
  /** Offset of the requested window inside `read`. */
  readonly inner: { readonly col: number; readonly row: number };
}

/**
 * Reads a window of the before image and the matching pixels of the after image (warped onto the
 * before grid with the co-registration shift, radiometrically normalised), both stretched to about
 * 0..1, with `halo` pixels of context. Pixels outside the after image or invalid in either are NaN.
 * `levels` are the overviews read; the alignment must be stated for them (`alignmentAtLevels`).
 */
export async function readPairWindow(
  before: RasterReader,
  after: RasterReader,
  alignment: Alignment,
  window: PixelWindow,
  halo: number,
  signal?: AbortSignal,
  levels: { readonly before: number; readonly after: number } = { before: 0, after: 0 },
): Promise<PairWithHalo> {
  const grid = alignment.beforeGrid;
  const read = clipWindow(
    {
      col: window.col - halo,
      row: window.row - halo,
      width: window.width + 2 * halo,
      height: window.height + 2 * halo,
    },
    grid.width,
    grid.height,
  )!;
  const [beforeRaster, beforeMask] = await Promise.all([
    before.read(read, { signal, level: levels.before }),
    before.readMask(read, { signal, level: levels.before }),
  ]);
  const beforeBands = toFloatBands(beforeRaster, beforeMask);
  const source = sourceWindowFor(read, alignment.toAfter, alignment.afterGrid.width, alignment.afterGrid.height);
  let afterBands: Float32Array[];
  if (source === null) {
    afterBands = beforeBands.map(() => new Float32Array(read.width * read.height).fill(NaN));
  } else {
    const [afterRaster, afterMask] = await Promise.all([
      after.read(source, { signal, level: levels.after }),
      after.readMask(source, { signal, level: levels.after }),
    ]);
    afterBands = warpWindow(afterRaster, source, afterMask, read, alignment.toAfter, 'bilinear');
  }
  const n = read.width * read.height;
  const all = [...beforeBands, ...afterBands];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const b of all) sum += b[i]!;
    if (sum === sum) continue;
    for (const b of all) b[i] = NaN;
  }
  return {
    pair: {
      width: read.width,
      height: read.height,
      before: applyStretch(beforeBands, alignment.stretch),
      after: applyNormalisation(afterBands, afterToStretched(alignment)),
      roles: alignment.roles,
      gsdM: alignment.gsdM,
    },
    read,
    inner: { col: window.col - read.col, row: window.row - read.row },
  };
}

/** Normalisation then stretch of the after image, folded into one gain and offset per band. */
function afterToStretched(alignment: Alignment): Normalisation {
  const { low, high } = alignment.stretch;
  const scale = 1 / (high - low);
  const bands = alignment.normalisation.bands.map((b) => ({ gain: b.gain * scale, offset: (b.offset - low) * scale }));
  return { ...alignment.normalisation, bands };
}
