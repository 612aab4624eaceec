import { availableParallelism } from 'node:os';
import {
  alignmentAtLevels,
  cellLayout,
  alignmentFromParts,
  alignmentParts,
  chooseAnalysisLevels,
  FULL_RESOLUTION,
  inProcessScorer,
  InputError,
  methodByName,
  neuralScorer,
  type Alignment,
  type AnalysisLevels,
  type ChangeMethod,
  type NeuralScoring,
  type RasterReader,
  type ScoringMethod,
  type TileScorer,
} from '@payesh/core';
import { readModelFile, type ModelFile } from '@payesh/io';
import { isOnnxModelFile, neuralMethod, openNeuralModel, readModelCard, type ModelCard } from '@payesh/nn';
import { precomputedScorer } from '../queue/precomputed-scorer.js';
import type { ScoreWorkerInit } from '../workers/score-messages.js';
import { createScorePool, type ScorePool } from '../workers/score-pool.js';
import type { DetectOptions } from './detect-options.js';
import { serialScorer } from './serial-scorer.js';

/** The model the options name, read and checked before any raster is opened. */
export type JobModel =
  | { readonly kind: 'trees'; readonly file: ModelFile }
  | { readonly kind: 'neural'; readonly card: ModelCard }
  | null;

export async function readJobModel(options: DetectOptions): Promise<JobModel> {
  if (!options.model) {
    if (options.method === 'neural')
      throw new InputError('method "neural" needs --model model.onnx (made by payesh model import)');
    return null;
  }
  if (await isOnnxModelFile(options.model)) {
    if (options.method !== undefined && options.method !== 'neural')
      throw new InputError(
        `--model ${options.model} is a neural network: it runs as method "neural", not "${options.method}"`,
      );
    return { kind: 'neural', card: await readModelCard(options.model) };
  }
  if (options.method === 'neural')
    throw new InputError('method "neural" needs an ONNX model made by payesh model import', { file: options.model });
  return { kind: 'trees', file: await readModelFile(options.model) };
}

/** How a job's windows are scored: the method, where (this thread or a worker pool) and on which grid. */
export interface Scoring {
  readonly method: ChangeMethod | ScoringMethod;
  readonly analysis: { readonly alignment: Alignment; readonly levels: AnalysisLevels };
  readonly scorer: TileScorer | undefined;
  /** Scores with the dates swapped, for the kind of a change (directional models only). */
  readonly reverseScorer?: TileScorer;
  readonly tileSize: number;
  /** Pixels by which neighbouring windows overlap and are blended. */
  readonly blend: number;
  /** Whether the after image is scored after radiometric normalisation and the residual shift (networks: no, unless asked). */
  readonly normalised: boolean;
  readonly shifted: boolean;
  readonly workers: number;
  /** What run.json says of the method. */
  readonly record: Record<string, unknown>;
  close(): Promise<void>;
}

/** Model pixels per grid pixel: the network's GSD matched within a factor of 4 (beyond, the image is too far from what it learnt). */
function modelScale(gridGsdM: number, card: ModelCard, native: boolean): number {
  const s = gridGsdM / card.gsd_m;
  // Within 2 % is the same resolution (GSDs read from geotransforms are rarely exact).
  return native || Math.abs(s - 1) < 0.02 ? 1 : Math.min(4, Math.max(1 / 4, s));
}

/**
 * 8-bit imagery reaches the network as value / 255, as it was trained; wider samples through the
 * before image's 2-98 % stretch.
 */
function inputScale(before: RasterReader, alignment: Alignment): NeuralScoring['inputScale'] {
  if (before.info().dtype !== 'uint8') return { gain: 1, offset: 0 };
  const { low, high } = alignment.stretch;
  return { gain: (high - low) / 255, offset: low / 255 };
}

/**
 * What scoring a job's windows needs, as plain data (the init of a score worker, thread or queue
 * job), and how the grid is cut into cells: the same for every place the windows are scored.
 */
export interface ScoringPlan {
  readonly init: ScoreWorkerInit;
  readonly analysis: { readonly alignment: Alignment; readonly levels: AnalysisLevels };
  readonly tileSize: number;
  readonly blend: number;
  /** Neural models only: what run.json says of the inference, and the model card. */
  readonly card: ModelCard | null;
  readonly modelPxPerGridPx: number;
}

export function planScoring(
  options: DetectOptions,
  model: JobModel,
  before: RasterReader,
  after: RasterReader,
  alignment: Alignment,
): ScoringPlan {
  if (model?.kind === 'neural') return planNeural(options, model.card, before, alignment);
  const levels = chooseAnalysisLevels(before.info(), after.info(), options.analysisGsdM ?? null);
  const analysis = { alignment: alignmentAtLevels(alignment, before.info(), after.info(), levels), levels };
  const trees = model?.kind === 'trees' ? model.file.model : null;
  return {
    init: { options, alignment: alignmentParts(analysis.alignment), levels, trees, neural: null },
    analysis,
    tileSize: options.tileSize ?? 512,
    blend: 0,
    card: null,
    modelPxPerGridPx: 1,
  };
}

function planNeural(options: DetectOptions, card: ModelCard, before: RasterReader, alignment0: Alignment): ScoringPlan {
  // The network learnt to see past illumination and season on raw pairs: the after image reaches it as
  // it is (radiometric normalisation cost LEVIR pixel F1 0.886 -> 0.799, docs/benchmarks.md). The
  // residual shift of phase correlation is applied only when asked (it cost WHU 0.953 -> 0.948).
  const parts = alignmentParts(alignment0);
  const alignment = alignmentFromParts({
    ...parts,
    normalisation: { ...parts.normalisation, bands: parts.normalisation.bands.map(() => ({ gain: 1, offset: 0 })) },
    shift: options.coregister === true ? parts.shift : { dx: 0, dy: 0, blocks: 0 },
  });
  const s = modelScale(alignment.gsdM, card, options.nativeGsd === true);
  const scoring: NeuralScoring = {
    inputScale: inputScale(before, alignment),
    modelPxPerGridPx: s,
    flips: options.flips === true,
  };
  // One window of the grid fills one tile of the card's size once its margins are added; neighbouring
  // windows overlap by the card's blend.
  const { size, margin } = card.tile;
  const tileSize = options.tileSize ?? Math.max(16, Math.floor((size - 2 * margin) / s + 1e-9));
  const blend = Math.min(Math.floor(tileSize / 2) - 1, Math.round(card.tile.blend / s));
  return {
    init: { options, alignment: alignmentParts(alignment), levels: FULL_RESOLUTION, trees: null, neural: scoring },
    analysis: { alignment, levels: FULL_RESOLUTION },
    tileSize,
    blend,
    card,
    modelPxPerGridPx: s,
  };
}

/** The scorer of cells a queue's workers scored into `options.precomputedScores`, for this plan's layout. */
function precomputed(options: DetectOptions, plan: ScoringPlan): TileScorer | undefined {
  if (options.precomputedScores === undefined) return undefined;
  const grid = plan.analysis.alignment.beforeGrid;
  return precomputedScorer(
    options.precomputedScores,
    cellLayout(grid.width, grid.height, plan.analysis.alignment.overlap, plan.tileSize, plan.blend),
  );
}

export async function prepareScoring(
  options: DetectOptions,
  model: JobModel,
  before: RasterReader,
  after: RasterReader,
  alignment: Alignment,
): Promise<Scoring> {
  const plan = planScoring(options, model, before, after, alignment);
  const stored = precomputed(options, plan);
  // A network runs by default in this thread on one onnxruntime session with a thread per core: on two
  // cores as fast as two workers of one thread each, at half the memory (docs/benchmarks.md).
  if (model?.kind === 'neural')
    return prepareNeural(options, plan, before, after, stored ? 1 : (options.workers ?? 1), stored);
  const workers = stored ? 1 : (options.workers ?? availableParallelism());
  const { analysis } = plan;
  const method = methodByName(options.method, { model: model?.file.model });
  const trees = model?.kind === 'trees' ? model.file : null;
  let pool: ScorePool | null = null;
  if (workers > 1 && !stored) pool = createScorePool(plan.init, workers);
  const scorer =
    stored ??
    pool?.score ??
    ('score' in method
      ? serialScorer(inProcessScorer(before, after, analysis.alignment, method, analysis.levels))
      : undefined);
  return {
    method,
    analysis,
    scorer,
    tileSize: plan.tileSize,
    blend: plan.blend,
    normalised: true,
    shifted: true,
    workers,
    record: {
      name: method.name,
      description: method.description,
      model: options.model ?? null,
      model_training: trees?.training ?? null,
    },
    close: async () => pool?.close(),
  };
}

async function prepareNeural(
  options: DetectOptions,
  plan: ScoringPlan,
  before: RasterReader,
  after: RasterReader,
  workers: number,
  stored: TileScorer | undefined,
): Promise<Scoring> {
  const card = plan.card!;
  const { alignment } = plan.analysis;
  const scoring = plan.init.neural!;
  const s = plan.modelPxPerGridPx;
  const { tileSize, blend } = plan;
  const modelPath = options.model!;
  const threads = workers > 1 ? 1 : availableParallelism();
  let scorer: TileScorer;
  let reverseScorer: TileScorer;
  let release: () => Promise<void>;
  if (workers > 1) {
    const pool = createScorePool(plan.init, workers);
    scorer = pool.score;
    reverseScorer = pool.scoreReversed;
    release = () => pool.close();
  } else {
    // With precomputed scores only the swapped dates run here, on the few cells holding regions.
    const opened = await openNeuralModel(modelPath, threads);
    scorer = stored ?? neuralScorer(before, after, alignment, opened.net, scoring);
    reverseScorer = neuralScorer(before, after, alignment, opened.net, scoring, 'reversed');
    release = () => opened.close();
  }
  const method = neuralMethod(card);
  return {
    method,
    analysis: plan.analysis,
    scorer,
    reverseScorer,
    tileSize,
    blend,
    normalised: false,
    shifted: options.coregister === true,
    workers,
    record: {
      name: method.name,
      description: method.description,
      model: options.model,
      model_card: card,
      inference: {
        gsd_m: round(alignment.gsdM / s, 4),
        model_px_per_grid_px: round(s, 4),
        gsd_matching: options.nativeGsd !== true,
        window_px: tileSize,
        blend_px: blend,
        margin_model_px: card.tile.margin,
        flips: scoring.flips,
        onnxruntime: { sessions: workers, threads_each: threads },
        input_scale: scoring.inputScale,
      },
    },
    close: release,
  };
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;
