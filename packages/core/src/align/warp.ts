import type { Raster } from '../raster.js';
import type { PixelWindow } from '../window.js';
import type { PointMapper } from './point-mapper.js';

export type WarpResampling = 'bilinear' | 'nearest';

/** Spacing of the lattice where the exact map is evaluated; positions in between are interpolated. */
const LATTICE = 16;

/**
 * Resamples `source` (a window of the source image whose top-left pixel is `sourceWindow.col,row`)
 * onto `window` of the target grid. `toSource` maps target pixel positions to source pixel positions
 * (shift corrections included). Returns float32 bands with NaN where the source has no valid pixel.
 * The map is evaluated exactly every 16 pixels and interpolated between (GDAL's approximate
 * transformer does the same), which for any map projection at these scales errs far below 0.01 px.
 */
export function warpWindow(
  source: Raster,
  sourceWindow: PixelWindow,
  sourceValid: Uint8Array | null,
  window: PixelWindow,
  toSource: PointMapper,
  resampling: WarpResampling,
): Float32Array[] {
  const { width, height } = window;
  const lw = Math.ceil(width / LATTICE) + 1;
  const lh = Math.ceil(height / LATTICE) + 1;
  const lx = new Float64Array(lw * lh);
  const ly = new Float64Array(lw * lh);
  for (let j = 0; j < lh; j++) {
    for (let i = 0; i < lw; i++) {
      const [sc, sr] = toSource(
        window.col + Math.min(i * LATTICE, width) + 0.5,
        window.row + Math.min(j * LATTICE, height) + 0.5,
      );
      lx[j * lw + i] = sc - sourceWindow.col - 0.5;
      ly[j * lw + i] = sr - sourceWindow.row - 0.5;
    }
  }
  const sw = source.width;
  const sh = source.height;
  const nb = source.bands.length;
  const valid = validity(source, sourceValid);
  const out = source.bands.map(() => new Float32Array(width * height).fill(NaN));
  const bands = source.bands;
  for (let r = 0; r < height; r++) {
    const j = Math.min(Math.floor(r / LATTICE), lh - 2);
    const fy = lh > 1 ? (r - j * LATTICE) / Math.max(1, Math.min(LATTICE, height - j * LATTICE)) : 0;
    for (let c = 0; c < width; c++) {
      const i = Math.min(Math.floor(c / LATTICE), lw - 2);
      const fx = lw > 1 ? (c - i * LATTICE) / Math.max(1, Math.min(LATTICE, width - i * LATTICE)) : 0;
      const k00 = Math.max(0, j) * lw + Math.max(0, i);
      const k01 = lw > 1 ? k00 + 1 : k00;
      const k10 = lh > 1 ? k00 + lw : k00;
      const k11 = lh > 1 ? k01 + lw : k01;
      const x = (lx[k00]! * (1 - fx) + lx[k01]! * fx) * (1 - fy) + (lx[k10]! * (1 - fx) + lx[k11]! * fx) * fy;
      const y = (ly[k00]! * (1 - fx) + ly[k01]! * fx) * (1 - fy) + (ly[k10]! * (1 - fx) + ly[k11]! * fx) * fy;
      const o = r * width + c;
      if (resampling === 'nearest') {
        const nc = Math.round(x);
        const nr = Math.round(y);
        if (nc < 0 || nr < 0 || nc >= sw || nr >= sh || valid[nr * sw + nc] === 0) continue;
        for (let b = 0; b < nb; b++) out[b]![o] = bands[b]![nr * sw + nc]!;
        continue;
      }
      if (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5) continue;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      // Clamp at the window edge (positions within half a pixel of it).
      const cx0 = x0 < 0 ? 0 : x0 > sw - 1 ? sw - 1 : x0;
      const cx1 = x0 + 1 > sw - 1 ? sw - 1 : x0 + 1 < 0 ? 0 : x0 + 1;
      const cy0 = y0 < 0 ? 0 : y0 > sh - 1 ? sh - 1 : y0;
      const cy1 = y0 + 1 > sh - 1 ? sh - 1 : y0 + 1 < 0 ? 0 : y0 + 1;
      const k1 = cy0 * sw + cx0;
      const k2 = cy0 * sw + cx1;
      const k3 = cy1 * sw + cx0;
      const k4 = cy1 * sw + cx1;
      if ((valid[k1]! & valid[k2]! & valid[k3]! & valid[k4]!) === 0) continue;
      const ax = x - x0;
      const ay = y - y0;
      const w1 = (1 - ax) * (1 - ay);
      const w2 = ax * (1 - ay);
      const w3 = (1 - ax) * ay;
      const w4 = ax * ay;
      for (let b = 0; b < nb; b++) {
        const s = bands[b]!;
        out[b]![o] = s[k1]! * w1 + s[k2]! * w2 + s[k3]! * w3 + s[k4]! * w4;
      }
    }
  }
  return out;
}

/** 1 where a source pixel is valid in every band and in its mask, else 0. */
function validity(source: Raster, mask: Uint8Array | null): Uint8Array {
  const n = source.width * source.height;
  const valid = new Uint8Array(n).fill(1);
  if (mask) for (let k = 0; k < n; k++) if (mask[k] === 0) valid[k] = 0;
  source.bands.forEach((band, b) => {
    const nd = source.nodata[b] ?? null;
    for (let k = 0; k < n; k++) {
      const v = band[k]!;
      if (v !== v || v === nd || (nd !== null && nd !== nd && v !== v)) valid[k] = 0;
    }
  });
  return valid;
}

/**
 * The source pixels needed to warp a target window: the box around the mapped outline of the
 * window (evaluated every 16 px), widened by `margin` and clipped to the source; null when they do not
 * overlap.
 */
export function sourceWindowFor(
  window: PixelWindow,
  toSource: PointMapper,
  sourceWidth: number,
  sourceHeight: number,
  margin = 2,
): PixelWindow | null {
  let [c0, r0, c1, r1] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: number, r: number): void => {
    const [x, y] = toSource(c, r);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    c0 = Math.min(c0, x);
    c1 = Math.max(c1, x);
    r0 = Math.min(r0, y);
    r1 = Math.max(r1, y);
  };
  // The outline, every 16 px and at the far corners.
  for (let t = 0; ; t = Math.min(t + LATTICE, window.width)) {
    visit(window.col + t, window.row);
    visit(window.col + t, window.row + window.height);
    if (t === window.width) break;
  }
  for (let t = 0; ; t = Math.min(t + LATTICE, window.height)) {
    visit(window.col, window.row + t);
    visit(window.col + window.width, window.row + t);
    if (t === window.height) break;
  }
  if (!Number.isFinite(c0)) return null;
  const col = Math.max(0, Math.floor(c0) - margin);
  const row = Math.max(0, Math.floor(r0) - margin);
  const end = Math.min(sourceWidth, Math.ceil(c1) + margin);
  const endRow = Math.min(sourceHeight, Math.ceil(r1) + margin);
  if (end <= col || endRow <= row) return null;
  return { col, row, width: end - col, height: endRow - row };
}
