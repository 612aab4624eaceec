import type { AlignmentParts, AnalysisLevels, DateOrder, GbdtModel, NeuralScoring, PixelWindow } from '@payesh/core';
import type { DetectOptions } from '../jobs/detect-options.js';

/** A window to score, with the dates as they are or swapped (neural models only). */
export interface ScoreRequest {
  readonly window: PixelWindow;
  readonly order: DateOrder;
}

/**
 * What a score worker needs to start: the job's options as its caller gave them (the pair, the limits,
 * the method and model), and what the main thread found from them.
 */
export interface ScoreWorkerInit {
  readonly options: DetectOptions;
  /** Stated for the analysis levels. */
  readonly alignment: AlignmentParts;
  readonly levels: AnalysisLevels;
  /** The boosted trees of `options.model` (method learned), read once by the main thread. */
  readonly trees: GbdtModel | null;
  /** How the neural model of `options.model` (an ONNX file) is fed; each worker runs it on one thread. Null for pixel methods. */
  readonly neural: NeuralScoring | null;
}
