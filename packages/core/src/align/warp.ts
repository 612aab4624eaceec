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
      const [sc, sr] = toSource(window.col + Math.min(i * LATTICE, width) + 0.5, window.row + Math.min(j * LATTICE, height) + 0.5);
      lx[j * lw + i] = sc - sourceWindow.col - 0.5;
      ly[j * lw + i] = sr - sourceWindow.row - 0.5;
    }
  }
  const sw = source.width;
  const sh = source.height;
  const nodata = source.nodata.map((v) => v ?? null);
  const valid = (k: number): boolean => {
    if (sourceValid && sourceValid[k] === 0) return false;
    for (let b = 0; b < source.bands.length; b++) {
      const v = source.bands[b]![k]!;
      const nd = nodata[b];
      if (Number.isNaN(v) || (nd !== null && nd !== undefined && (v === nd || (Number.isNaN(nd) && Number.isNaN(v))))) return false;
    }
    return true;
  };
  const out = source.bands.map(() => new Float32Array(width * height).fill(NaN));
  for (let r = 0; r < height; r++) {
    const j = Math.min(Math.floor(r / LATTICE), lh - 2);
    const fy = (r - j * LATTICE) / Math.max(1, Math.min(LATTICE, height - j * LATTICE));
    for (let c = 0; c < width; c++) {
      const i = Math.min(Math.floor(c / LATTICE), lw - 2);
      const fx = (c - i * LATTICE) / Math.max(1, Math.min(LATTICE, width - i * LATTICE));
      const k00 = j * lw + i;
      const interp = (a: Float64Array): number =>
        (a[k00]! * (1 - fx) + a[k00 + 1]! * fx) * (1 - fy) + (a[k00 + lw]! * (1 - fx) + a[k00 + lw + 1]! * fx) * fy;
      const x = lw > 1 ? interp(lx) : lx[0]!;
      const y = lh > 1 ? interp(ly) : ly[0]!;
      const o = r * width + c;
      if (resampling === 'nearest') {
        const [nc, nr] = [Math.round(x), Math.round(y)];
        if (nc < 0 || nr < 0 || nc >= sw || nr >= sh || !valid(nr * sw + nc)) continue;
        for (let b = 0; b < out.length; b++) out[b]![o] = source.bands[b]![nr * sw + nc]!;
        continue;
      }
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5) continue;
      // Clamp at the window edge (positions within half a pixel of it).
      const cx0 = Math.max(0, Math.min(sw - 1, x0));
      const cx1 = Math.max(0, Math.min(sw - 1, x0 + 1));
      const cy0 = Math.max(0, Math.min(sh - 1, y0));
      const cy1 = Math.max(0, Math.min(sh - 1, y0 + 1));
      const [k1, k2, k3, k4] = [cy0 * sw + cx0, cy0 * sw + cx1, cy1 * sw + cx0, cy1 * sw + cx1];
      if (!valid(k1) || !valid(k2) || !valid(k3) || !valid(k4)) continue;
      const ax = x - x0;
      const ay = y - y0;
      for (let b = 0; b < out.length; b++) {
        const s = source.bands[b]!;
        out[b]![o] = (s[k1]! * (1 - ax) + s[k2]! * ax) * (1 - ay) + (s[k3]! * (1 - ax) + s[k4]! * ax) * ay;
      }
    }
  }
  return out;
}

/**
 * The source pixels needed to warp a target window: the box around the mapped outline of the
 * window (sampled every 16 px), widened by `margin` and clipped to the source; null when they do not
 * overlap.
 */
export function sourceWindowFor(window: PixelWindow, toSource: PointMapper, sourceWidth: number, sourceHeight: number, margin = 2): PixelWindow | null {
  let [c0, r0, c1, r1] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: number, r: number): void => {
    const [x, y] = toSource(c, r);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    c0 = Math.min(c0, x);
    c1 = Math.max(c1, x);
    r0 = Math.min(r0, y);
    r1 = Math.max(r1, y);
  };
  for (let t = 0; t <= window.width; t += Math.min(LATTICE, Math.max(1, window.width - t)) || 1) {
    visit(window.col + t, window.row);
    visit(window.col + t, window.row + window.height);
    if (t === window.width) break;
  }
  for (let t = 0; t <= window.height; t += Math.min(LATTICE, Math.max(1, window.height - t)) || 1) {
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
