import type { BandRoles } from '../evidence/band-roles.js';
import type { Grid } from '../align/grid.js';
import type { PointMapper } from '../align/point-mapper.js';
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
  /** Residual shift found by phase correlation, in before pixels (after content sits at before + shift). */
  readonly shift: { readonly dx: number; readonly dy: number; readonly blocks: number };
  readonly normalisation: Normalisation;
  readonly stretch: Stretch;
  readonly roles: BandRoles;
  /** Ground sample distance of the before grid in metres. */
  readonly gsdM: number;
}
