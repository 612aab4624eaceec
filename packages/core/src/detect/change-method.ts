import type { BandRoles } from '../evidence/band-roles.js';

/** One window of a co-registered, normalised pair, bands stretched to about 0..1, NaN where invalid. */
export interface PairWindow {
  readonly width: number;
  readonly height: number;
  readonly before: readonly Float32Array[];
  readonly after: readonly Float32Array[];
  readonly roles: BandRoles;
  readonly gsdM: number;
  /** The part of the window whose scores are wanted (the rest is context); all of it when omitted. */
  readonly inner?: { readonly col: number; readonly row: number; readonly width: number; readonly height: number };
}

/** What detection needs to know of any method: its name, and how its 0..1 score becomes a mask (a fixed threshold, or Otsu's over the whole run). */
export interface ScoringMethod {
  readonly name: string;
  readonly description: string;
  readonly threshold: number | 'otsu';
}

/** A per-pixel change detection strategy scored in-process: a change score in 0..1 for a window. */
export interface ChangeMethod extends ScoringMethod {
  /** Pixels of context the score needs around a window. */
  halo(gsdM: number): number;
  score(pair: PairWindow): Float32Array;
}
