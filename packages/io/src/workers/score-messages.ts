import type { AlignmentParts, AnalysisLevels, GbdtModel, PixelWindow } from '@payesh/core';

/** What a score worker needs to start: the files, how they relate, and the method. */
export interface ScoreWorkerInit {
  readonly before: string;
  readonly after: string;
  /** Stated for the analysis levels. */
  readonly alignment: AlignmentParts;
  readonly levels: AnalysisLevels;
  readonly method: string;
  readonly model: GbdtModel | null;
}

export interface ScoreRequest {
  readonly id: number;
  readonly window: PixelWindow;
}

/** An error as it crosses threads: enough to rebuild the PayeshError the user should see. */
export interface SerializedError {
  readonly name: string;
  readonly code: string | null;
  readonly message: string;
  readonly file: string | null;
}

export type ScoreReply = { readonly id: number; readonly scores: Float32Array } | { readonly id: number; readonly error: SerializedError };
