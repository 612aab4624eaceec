import type { PixelPolygon } from '../mask/vectorize.js';

export type ChangeKind = 'new' | 'removed' | 'other';

/** What detection measured inside a region, for the flags made of it (their features). */
export interface RegionEvidence {
  /** Highest change score of its pixels, 0..1. */
  readonly scoreMax: number;
  /** Share of its pixels scored at or above the threshold (the mask's closing fills in the rest). */
  readonly aboveThresholdShare: number;
  /** Mean greenness after less before (NDVI with a near-infrared band, else 2G-R-B on stretched bands). */
  readonly greenChange: number;
  /** Mean brightness ((R+G+B)/3 of the stretched bands, about 0..1) after less before. */
  readonly brightChange: number;
}

/** One changed area found by detect, on the before grid. */
export interface ChangeRegion {
  readonly id: number;
  readonly areaM2: number;
  /** Mean change score of its pixels, 0..1. */
  readonly score: number;
  readonly kind: ChangeKind;
  readonly evidence: RegionEvidence;
  /** Outline in before-grid pixel corners; several polygons where parts touch only at a corner. */
  readonly polygons: readonly PixelPolygon[];
  /** [col0, row0, col1, row1) in before-grid pixels. */
  readonly bbox: readonly [number, number, number, number];
}
