import type { BandRoles, DetectionRequest, DetectStage } from '@payesh/core';
import type { RasterLimits } from '@payesh/io';

/**
 * What a detection is asked to do, as plain data. Its caller builds it once (the CLI from its flags,
 * after checking them) and it travels unchanged down to the score workers' init message, so it stays
 * structured-clone-safe: no functions, signals or class instances. A new detection option is declared
 * here, parsed where its caller reads it, and used where it matters; nothing in between changes.
 */
export interface DetectOptions extends Pick<DetectionRequest, 'minAreaM2' | 'tileSize'> {
  readonly before: string;
  readonly after: string;
  /** A method by name; default construction, or the model's. */
  readonly method?: string;
  /** A neural network (.onnx from payesh model import; method neural) or boosted trees (.json from payesh train; method learned). */
  readonly model?: string;
  /** Which band is which colour; default from the band count. */
  readonly roles?: BandRoles;
  /** Score on overviews with pixels up to this size (metres), upsampled; null/undefined: full resolution. */
  readonly analysisGsdM?: number | null;
  /** Worker threads scoring windows in parallel; 1 scores in this thread. Default: one per core (networks: 1). */
  readonly workers?: number;
  /** Neural models: run at the image's own resolution instead of resampling to the model's GSD. */
  readonly nativeGsd?: boolean;
  /** Neural models: apply the residual shift found by phase correlation (pixel methods always do). */
  readonly coregister?: boolean;
  /** Neural models: average over flipped copies of each tile (test-time augmentation, 4x the time). */
  readonly flips?: boolean;
  /** What each input raster may declare and make us decode; raising them admits larger or more compressed files. */
  readonly rasterLimits?: Partial<RasterLimits>;
  /**
   * A queue run's work folder: the cells were scored by queue workers into files there (cell-scores-file.ts),
   * and are read back instead of being scored again.
   */
  readonly precomputedScores?: string;
}

/** A detect job: the options, where its run is written, and what stays in the calling thread. */
export interface DetectJob {
  readonly options: DetectOptions;
  readonly out: string;
  /** Replace a run already in `out` (its run.json); without it such a folder is refused before any work. */
  readonly overwrite?: boolean;
  /** Payesh's version, recorded in run.json. */
  readonly version: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: DetectStage, done: number, total: number) => void;
}
