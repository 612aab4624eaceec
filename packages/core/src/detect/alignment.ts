import type { BandRoles } from '../evidence/band-roles.js';
import type { Grid } from '../align/grid.js';
import { gridToGridMapper, type PointMapper } from '../align/point-mapper.js';
import type { Normalisation, Stretch } from '../radiometry/normalise.js';
import type { PixelWindow } from '../window.js';

/** Everything that relates the after image to the before grid, estimated once per run. */
export interface Alignment {
  readonly beforeGrid: Grid;
  readonly afterGrid: Grid;
  /** Before pixel position -> after pixel position, the co-registration shift included. */
  readonly toAfter: PointMapper;
  /** The part of the before grid the after image covers. */
  readonly overlap: PixelWindow;
  /** Residual shift found by phase correlation, in before pixels (after content sits at before + shift); `blocks`: the probe blocks with a clear correlation peak (0: no shift applied). */
  readonly shift: { readonly dx: number; readonly dy: number; readonly blocks: number };
  readonly normalisation: Normalisation;
  readonly stretch: Stretch;
  readonly roles: BandRoles;
  /** Ground sample distance of the before grid in metres. */
  readonly gsdM: number;
}

/** An Alignment without its functions: what crosses to a worker thread or into run.json. */
export type AlignmentParts = Omit<Alignment, 'toAfter'>;

export function alignmentParts(a: Alignment): AlignmentParts {
  const { toAfter: _toAfter, ...parts } = a;
  return parts;
}

/** Rebuilds the before-to-after map (grids through proj4, then the co-registration shift). */
export function alignmentFromParts(parts: AlignmentParts): Alignment {
  const base = gridToGridMapper(parts.beforeGrid, parts.afterGrid);
  const { dx, dy, blocks } = parts.shift;
  return { ...parts, toAfter: blocks > 0 ? (c, r) => base(c + dx, r + dy) : base };
}
