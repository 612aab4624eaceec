import type { AlignmentParts, AnalysisLevels, DateOrder, GbdtModel, NeuralScoring, PixelWindow } from '@payesh/core';
import type { RasterLimits } from '@payesh/io';

/** A window to score, with the dates as they are or swapped (neural models only). */
export interface ScoreRequest {
  readonly window: PixelWindow;
  readonly order: DateOrder;
}

/** What a score worker needs to start: the files, how they relate, and the method. */
export interface ScoreWorkerInit {
  readonly before: string;
  readonly after: string;
  readonly limits: Partial<RasterLimits> | undefined;
  /** Stated for the analysis levels. */
  readonly alignment: AlignmentParts;
  readonly levels: AnalysisLevels;
  readonly method: string;
  readonly model: GbdtModel | null;
  /** A neural model (ONNX file) instead of a pixel method: each worker runs it on one thread. */
  readonly neural: { readonly model: string; readonly scoring: NeuralScoring } | null;
}
