import type { PixelPolygon } from '../mask/vectorize.js';

export type ChangeKind = 'new' | 'removed' | 'other';

/** One changed area found by detect, on the before grid. */
export interface ChangeRegion {
  readonly id: number;
  readonly areaM2: number;
  /** Mean change score of its pixels, 0..1. */
  readonly score: number;
  readonly kind: ChangeKind;
  /** Outline in before-grid pixel corners; several polygons where parts touch only at a corner. */
  readonly polygons: readonly PixelPolygon[];
  /** [col0, row0, col1, row1) in before-grid pixels. */
  readonly bbox: readonly [number, number, number, number];
}
