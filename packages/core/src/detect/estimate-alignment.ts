import { InputError } from '../errors.js';
import type { RasterReader } from '../raster.js';
import type { PixelWindow } from '../window.js';
import { defaultBandRoles, type BandRoles } from '../evidence/band-roles.js';
import type { Grid } from '../align/grid.js';
import { groundSampleDistance } from '../align/ground-distance.js';
import { gridToGridMapper, type PointMapper } from '../align/point-mapper.js';
import { phaseCorrelate } from '../align/phase-correlation.js';
import { fitNormalisation, percentileStretch } from '../radiometry/normalise.js';
import { alignmentFromParts, alignmentParts, type Alignment } from './alignment.js';
import { readPairWindow } from './read-pair-window.js';

export interface AlignmentOptions {
  readonly roles?: BandRoles;
  /** Skip the phase-correlation shift estimate (grids trusted as they are). */
  readonly noShift?: boolean;
  readonly signal?: AbortSignal;
}

function gridOf(reader: RasterReader): Grid {
  const info = reader.info();
  if (info.transform === null)
    throw new InputError('has no georeferencing (only ground control points or none); warp it first, e.g. gdalwarp', {
      file: reader.path,
    });
  return { width: info.width, height: info.height, transform: info.transform, crs: info.crs };
}

/** The before-grid box the after image covers (its outline mapped at 33 points a side), or null. */
function overlapOf(beforeGrid: Grid, afterGrid: Grid): PixelWindow | null {
  const toBefore = gridToGridMapper(afterGrid, beforeGrid);
  let [c0, r0, c1, r1] = [Infinity, Infinity, -Infinity, -Infinity];
  const steps = 32;
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    for (const [c, r] of [
      [t * afterGrid.width, 0],
      [t * afterGrid.width, afterGrid.height],
      [0, t * afterGrid.height],
      [afterGrid.width, t * afterGrid.height],
    ] as const) {
      const [x, y] = toBefore(c, r);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      [c0, r0, c1, r1] = [Math.min(c0, x), Math.min(r0, y), Math.max(c1, x), Math.max(r1, y)];
    }
  }
  const col = Math.max(0, Math.floor(c0));
  const row = Math.max(0, Math.floor(r0));
  const end = Math.min(beforeGrid.width, Math.ceil(c1));
  const endRow = Math.min(beforeGrid.height, Math.ceil(r1));
  return end - col >= 8 && endRow - row >= 8 ? { col, row, width: end - col, height: endRow - row } : null;
}

/**
 * The probe blocks: up to 3 x 3 square blocks of 256 px (less for small images) spread over the
 * overlap, where the shift is measured and the normalisation fitted.
 */
function probeBlocks(overlap: PixelWindow): { blocks: PixelWindow[]; size: number } {
  let size = 256;
  while (size > 32 && (size > overlap.width || size > overlap.height)) size >>= 1;
  const across = Math.min(3, Math.floor(overlap.width / size));
  const down = Math.min(3, Math.floor(overlap.height / size));
  const blocks: PixelWindow[] = [];
  for (let j = 0; j < down; j++) {
    for (let i = 0; i < across; i++) {
      const col = overlap.col + Math.round(((i + 0.5) * overlap.width) / across - size / 2);
      const row = overlap.row + Math.round(((j + 0.5) * overlap.height) / down - size / 2);
      blocks.push({ col, row, width: size, height: size });
    }
  }
  return { blocks, size };
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function brightness(bands: readonly Float32Array[]): Float32Array {
  return bands[0]!.map((_, i) => bands.reduce((s, b) => s + b[i]!, 0) / bands.length);
}

/**
 * Relates the after image to the before grid: the geometric map (proj4 when CRSs differ), the overlap,
 * the residual shift (median phase correlation over the probe blocks, when they agree), and the
 * radiometric normalisation and stretch fitted on the same blocks after the shift.
 */
export async function estimateAlignment(
  before: RasterReader,
  after: RasterReader,
  options: AlignmentOptions = {},
): Promise<Alignment> {
  const bi = before.info();
  const ai = after.info();
  if (bi.bandCount !== ai.bandCount) {
    throw new InputError(
      `the images have different bands (${bi.bandCount} before, ${ai.bandCount} after); give both the same bands in the same order`,
      { file: after.path },
    );
  }
  const roles = options.roles ?? defaultBandRoles(bi.bandCount, bi.dtype);
  if (roles === null)
    throw new InputError(
      `${bi.bandCount} bands: say which are red, green, blue (and near-infrared) with --bands r,g,b[,nir]`,
      { file: before.path },
    );
  const used =
    roles.nir === null ? [roles.red, roles.green, roles.blue] : [roles.red, roles.green, roles.blue, roles.nir];
  if (used.some((b) => b < 0 || b >= bi.bandCount)) {
    throw new InputError(
      `band roles ${used.map((b) => b + 1).join(',')} name bands the image does not have (it has ${bi.bandCount})`,
      { file: before.path },
    );
  }
  const beforeGrid = gridOf(before);
  const afterGrid = gridOf(after);
  let base: PointMapper;
  try {
    base = gridToGridMapper(beforeGrid, afterGrid);
  } catch (error) {
    throw new InputError(`cannot relate the two images: ${(error as Error).message}`, { file: after.path });
  }
  const overlap = overlapOf(beforeGrid, afterGrid);
  if (overlap === null) throw new InputError(`the images do not overlap`, { file: after.path });
  const gsdM = groundSampleDistance(beforeGrid);
  const identity = { bands: Array.from({ length: bi.bandCount }, () => ({ gain: 1, offset: 0 })), invariantShare: 1 };
  const provisional: Alignment = {
    beforeGrid,
    afterGrid,
    toAfter: base,
    overlap,
    shift: { dx: 0, dy: 0, blocks: 0 },
    normalisation: identity,
    stretch: { low: 0, high: 1 },
    roles,
    gsdM,
  };
  const { blocks, size } = probeBlocks(overlap);
  const shifts: { dx: number; dy: number }[] = [];
  if (!options.noShift) {
    for (const block of blocks) {
      const { pair } = await readPairWindow(before, after, provisional, block, 0, options.signal);
      const s = phaseCorrelate(brightness(pair.before), brightness(pair.after), size);
      if (s.peak > 0.03 && Math.abs(s.dx) < size / 4 && Math.abs(s.dy) < size / 4) shifts.push(s);
    }
  }
  const shift =
    shifts.length > 0
      ? { dx: median(shifts.map((s) => s.dx)), dy: median(shifts.map((s) => s.dy)), blocks: shifts.length }
      : { dx: 0, dy: 0, blocks: 0 };
  const shifted = alignmentFromParts({ ...alignmentParts(provisional), shift });
  const probes = await Promise.all(
    blocks.map((block) => readPairWindow(before, after, shifted, block, 0, options.signal)),
  );
  const concat = (pick: (p: (typeof probes)[number]) => readonly Float32Array[]): Float32Array[] =>
    Array.from({ length: bi.bandCount }, (_, b) => {
      const out = new Float32Array(probes.reduce((s, p) => s + pick(p)[b]!.length, 0));
      let at = 0;
      for (const p of probes) {
        out.set(pick(p)[b]!, at);
        at += pick(p)[b]!.length;
      }
      return out;
    });
  const beforeProbed = concat((p) => p.pair.before);
  const afterProbed = concat((p) => p.pair.after);
  return {
    ...shifted,
    normalisation: fitNormalisation(beforeProbed, afterProbed),
    stretch: percentileStretch(beforeProbed),
  };
}
