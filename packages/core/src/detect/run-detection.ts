import type { Raster, RasterReader, RasterSpec } from '../raster.js';
import { clipWindow, type PixelWindow } from '../window.js';
import { addToHistogram, emptyHistogram, otsuThreshold } from '../classify/otsu.js';
import { openCloseBinary } from '../filters/binary-morphology.js';
import { emptyRunMask, paintRuns, rowRuns, type RunMask } from '../mask/run-mask.js';
import { findComponents, runMaskOf, type Component } from '../mask/components.js';
import { vectorizeComponent } from '../mask/vectorize.js';
import { pairFeatures } from '../evidence/features.js';
import type { Alignment } from './alignment.js';
import type { ChangeKind, ChangeRegion } from './change-region.js';
import type { ChangeMethod, ScoringMethod } from './change-method.js';
import { readPairWindow } from './read-pair-window.js';
import { inProcessScorer, type TileScorer } from './tile-scorer.js';
import { cellRowScorer } from './cell-row-scorer.js';
import { kindsByReversal } from './kinds-by-reversal.js';
import { FULL_RESOLUTION, type AnalysisLevels } from './analysis-levels.js';
import { upsampleScores } from './upsample-scores.js';
import { quantiseScore, SCORE_NODATA, SCORE_SCALE } from './score-quantise.js';

export type RasterName = 'change-score' | 'change-mask';

/** Port: writes a single-band raster on the before grid strip by strip, and gives a reader of it. */
export type RasterSink = (
  name: RasterName,
  spec: RasterSpec,
  strip: (window: PixelWindow) => Promise<Raster>,
) => Promise<RasterReader>;

export type DetectStage = 'score' | 'mask' | 'regions';

export interface DetectionRequest {
  readonly before: RasterReader;
  readonly after: RasterReader;
  readonly alignment: Alignment;
  /** A ChangeMethod is scored in this thread unless `scorer` is given; other methods need `scorer`. */
  readonly method: ChangeMethod | ScoringMethod;
  readonly minAreaM2: number;
  readonly sink: RasterSink;
  /** Score on overviews (coarser analysis grid, upsampled to the before grid); full resolution when omitted. */
  readonly analysis?: { readonly alignment: Alignment; readonly levels: AnalysisLevels };
  /** Scores windows of the analysis grid; in this thread when omitted (pipeline offers a worker pool). */
  readonly scorer?: TileScorer;
  /**
   * The same scoring with the dates swapped, for a directional model (a network trained on buildings
   * appearing): a region's kind then comes from the two directions (`kindsByReversal`); from
   * built-structure evidence otherwise, and where the directions agree.
   */
  readonly reverseScorer?: TileScorer;
  /** Side of the square units of work, in pixels. */
  readonly tileSize?: number;
  /** Pixels by which neighbouring units overlap, their scores blended across the overlap (0: none). */
  readonly blend?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: DetectStage, done: number, total: number) => void;
}

export interface DetectionResult {
  /** Score threshold used for the mask (0..1). */
  readonly threshold: number;
  readonly regions: readonly ChangeRegion[];
  readonly changedPixels: number;
  readonly timingsMs: Readonly<Record<DetectStage, number>>;
}

/** Side of the opening/closing that cleans the mask: about 1.5 m, at least 2 px. */
const cleanupSize = (gsdM: number): number => Math.max(2, Math.round(1.5 / gsdM));

/**
 * Runs a change method over the before grid window by window: scores every tile (with context) into
 * the change-score raster, thresholds and cleans the mask strip by strip, then keeps 8-connected
 * regions of at least `minAreaM2`, writes the change mask and describes each region.
 */
export async function runDetection(req: DetectionRequest): Promise<DetectionResult> {
  const { alignment, method } = req;
  const grid = alignment.beforeGrid;
  const tile = req.tileSize ?? 512;
  const spec: RasterSpec = {
    width: grid.width,
    height: grid.height,
    dtype: 'uint8',
    bandCount: 1,
    transform: grid.transform,
    crs: grid.crs,
    nodata: [SCORE_NODATA],
  };
  const timings: Record<DetectStage, number> = { score: 0, mask: 0, regions: 0 };
  const histogram = emptyHistogram(0, 1, 250);

  let started = performance.now();
  const analysis = req.analysis ?? { alignment, levels: FULL_RESOLUTION };
  const scorer =
    req.scorer ??
    (isChangeMethod(method)
      ? inProcessScorer(req.before, req.after, analysis.alignment, method, analysis.levels)
      : null);
  if (scorer === null) throw new Error(`method ${method.name} needs a scorer`);
  const { scaleX, scaleY } = analysis.levels;
  const coarse = scaleX !== 1 || scaleY !== 1;
  const aGrid = analysis.alignment.beforeGrid;
  const rows = cellRowScorer(aGrid.width, aGrid.height, analysis.alignment.overlap, tile, scorer, req.blend ?? 0);
  const scoreStrip = async (window: PixelWindow): Promise<Raster> => {
    // Rows of the analysis grid this strip needs (one more each side for the bilinear upsampling).
    const a0 = coarse ? Math.max(0, Math.floor((window.row + 0.5) / scaleY - 0.5) - 1) : window.row;
    const a1 = coarse
      ? Math.min(aGrid.height, Math.ceil((window.row + window.height - 0.5) / scaleY - 0.5) + 2)
      : window.row + window.height;
    let strip = await rows(a0, a1 - a0, req.signal);
    if (coarse)
      strip = upsampleScores(strip, aGrid.width, a0, a1 - a0, window.width, window.row, window.height, scaleX, scaleY);
    addToHistogram(histogram, strip);
    const out = new Uint8Array(window.width * window.height);
    for (let i = 0; i < out.length; i++) out[i] = quantiseScore(strip[i]!);
    req.onProgress?.('score', window.row + window.height, grid.height);
    return { ...spec, width: window.width, height: window.height, bands: [out] };
  };
  const scoreReader = await req.sink('change-score', spec, scoreStrip);
  timings.score = performance.now() - started;

  let threshold: number;
  let kept: Component[];
  const regions: ChangeRegion[] = [];
  try {
    started = performance.now();
    threshold = method.threshold === 'otsu' ? otsuThreshold(histogram) : method.threshold;
    const cut = Math.max(1, Math.round(threshold * SCORE_SCALE));
    const k = cleanupSize(alignment.gsdM);
    const rough = emptyRunMask(grid.width, grid.height);
    for (let row = 0; row < grid.height; row += tile) {
      req.signal?.throwIfAborted();
      const window = { col: 0, row, width: grid.width, height: Math.min(tile, grid.height - row) };
      const read = clipWindow(
        { col: 0, row: row - 2 * k, width: grid.width, height: window.height + 4 * k },
        grid.width,
        grid.height,
      )!;
      const scores = (await scoreReader.read(read, { signal: req.signal })).bands[0]!;
      const binary = new Uint8Array(scores.length);
      for (let i = 0; i < scores.length; i++) binary[i] = scores[i] !== SCORE_NODATA && scores[i]! >= cut ? 1 : 0;
      const mask = openCloseBinary(binary, read.width, read.height, k);
      for (let r = 0; r < window.height; r++) rough.rows[row + r] = rowRuns(mask, read.width, row - read.row + r);
      req.onProgress?.('mask', row + window.height, grid.height);
    }
    const pixelAreaM2 = alignment.gsdM * alignment.gsdM;
    kept = findComponents(rough).filter((c) => c.areaPx * pixelAreaM2 >= req.minAreaM2);
    const final: RunMask = runMaskOf(kept, grid.width, grid.height);
    const maskReader = await req.sink('change-mask', { ...spec, nodata: [null] }, async (w) => ({
      ...spec,
      nodata: [null],
      width: w.width,
      height: w.height,
      bands: [paintRuns(final, w.row, w.height)],
    }));
    await maskReader.close();
    timings.mask = performance.now() - started;

    started = performance.now();
    const stats: ScoreStats[] = [];
    for (const component of kept) stats.push(await scoreStats(scoreReader, component, cut, req.signal));
    const reversed = req.reverseScorer
      ? await kindsByReversal(
          kept,
          stats.map((s) => s.mean),
          req.reverseScorer,
          tile,
          grid.width,
          grid.height,
          req.signal,
        )
      : null;
    for (const [i, component] of kept.entries()) {
      req.signal?.throwIfAborted();
      const { mean, max, aboveShare } = stats[i]!;
      const colour = await pairEvidence(req, component);
      regions.push({
        id: i + 1,
        areaM2: component.areaPx * pixelAreaM2,
        score: mean,
        kind: reversed?.[i] ?? colour.kind,
        evidence: {
          scoreMax: max,
          aboveThresholdShare: aboveShare,
          greenChange: colour.greenChange,
          brightChange: colour.brightChange,
        },
        polygons: vectorizeComponent(component),
        bbox: component.bbox,
      });
      req.onProgress?.('regions', i + 1, kept.length);
    }
    timings.regions = performance.now() - started;
  } finally {
    await scoreReader.close();
  }
  const changedPixels = kept.reduce((s, c) => s + c.areaPx, 0);
  return {
    threshold,
    regions: regions.sort((a, b) => b.score * b.areaM2 - a.score * a.areaM2).map((r, i) => ({ ...r, id: i + 1 })),
    changedPixels,
    timingsMs: timings,
  };
}

function isChangeMethod(m: ChangeMethod | ScoringMethod): m is ChangeMethod {
  return 'score' in m;
}

function bboxWindow(c: Component): PixelWindow {
  const [c0, r0, c1, r1] = c.bbox;
  return { col: c0, row: r0, width: c1 - c0, height: r1 - r0 };
}

interface ScoreStats {
  readonly mean: number;
  readonly max: number;
  readonly aboveShare: number;
}

/** Mean and highest score of a component's pixels (0..1), and the share at or above the quantised cut. */
async function scoreStats(reader: RasterReader, c: Component, cut: number, signal?: AbortSignal): Promise<ScoreStats> {
  const w = bboxWindow(c);
  const band = (await reader.read(w, { signal })).bands[0]!;
  let sum = 0;
  let n = 0;
  let max = 0;
  let above = 0;
  for (let k = 0; k < c.runs.length; k += 3) {
    const base = (c.runs[k]! - w.row) * w.width - w.col;
    for (let col = c.runs[k + 1]!; col < c.runs[k + 2]!; col++) {
      const v = band[base + col]!;
      if (v === SCORE_NODATA) continue;
      sum += v;
      n++;
      if (v > max) max = v;
      if (v >= cut) above++;
    }
  }
  return n
    ? { mean: sum / n / SCORE_SCALE, max: max / SCORE_SCALE, aboveShare: above / n }
    : { mean: 0, max: 0, aboveShare: 0 };
}

interface PairEvidence {
  readonly kind: ChangeKind;
  readonly greenChange: number;
  readonly brightChange: number;
}

/**
 * New, removed or other: built structure (edges, bright roofs, dark shadows) gained and vegetation
 * lost inside the region means new, the reverse means removed; little of either means other. With
 * the mean change of greenness and brightness inside, from the same evidence.
 */
async function pairEvidence(req: DetectionRequest, c: Component): Promise<PairEvidence> {
  const w = bboxWindow(c);
  const { pair, inner } = await readPairWindow(req.before, req.after, req.alignment, w, 4, req.signal);
  // Built-ness gained: edges, bright roofs and dark shadows gained, vegetation lost.
  const [grad, white, dark, green, green0, bright0] = pairFeatures(
    pair.before,
    pair.after,
    pair.roles,
    pair.width,
    pair.height,
    pair.gsdM,
    ['grad2_d', 'wthm8_d', 'bthm8_d', 'green2_d', 'green0_d', 'bright0_d'],
  ).planes;
  let sum = 0;
  let greenSum = 0;
  let brightSum = 0;
  let n = 0;
  for (let k = 0; k < c.runs.length; k += 3) {
    const base = (c.runs[k]! - w.row + inner.row) * pair.width - w.col + inner.col;
    for (let col = c.runs[k + 1]!; col < c.runs[k + 2]!; col++) {
      const i = base + col;
      const v = grad![i]! + white![i]! + dark![i]! - green![i]!;
      if (Number.isNaN(v)) continue;
      sum += v;
      greenSum += green0![i]!;
      brightSum += bright0![i]!;
      n++;
    }
  }
  const structure = n ? sum / n : 0;
  return {
    kind: structure > 0.02 ? 'new' : structure < -0.02 ? 'removed' : 'other',
    greenChange: n ? greenSum / n : 0,
    brightChange: n ? brightSum / n : 0,
  };
}
