import { fft2d } from './fft.js';

export interface Shift {
  /** Columns and rows to add to a position in `a` to find the same content in `b`. */
  readonly dx: number;
  readonly dy: number;
  /** Height of the correlation peak (0..1); near 1 for a clean translation, near 0 for none. */
  readonly peak: number;
}

/**
 * Phase correlation of two n x n images (n a power of two; NaN counts as the mean): the translation
 * of `b` relative to `a`, to sub-pixel precision (parabolic fit around the peak), Hann-windowed to
 * suppress edge effects.
 */
export function phaseCorrelate(a: Float32Array, b: Float32Array, n: number): Shift {
  const prepare = (img: Float32Array): [Float64Array, Float64Array] => {
    let sum = 0;
    let count = 0;
    for (const v of img)
      if (!Number.isNaN(v)) {
        sum += v;
        count++;
      }
    const mean = count ? sum / count : 0;
    const re = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      const wr = 0.5 - 0.5 * Math.cos((2 * Math.PI * r) / (n - 1));
      for (let c = 0; c < n; c++) {
        const v = img[r * n + c]!;
        re[r * n + c] = (Number.isNaN(v) ? 0 : v - mean) * wr * (0.5 - 0.5 * Math.cos((2 * Math.PI * c) / (n - 1)));
      }
    }
    const im = new Float64Array(n * n);
    fft2d(re, im, n);
    return [re, im];
  };
  const [ar, ai] = prepare(a);
  const [br, bi] = prepare(b);
  const crossRe = new Float64Array(n * n);
  const crossIm = new Float64Array(n * n);
  let maxMag = 0;
  for (let k = 0; k < n * n; k++) {
    // conj(A) * B: for b(x) = a(x - d) its phase is -2 pi k.d / n.
    crossRe[k] = ar[k]! * br[k]! + ai[k]! * bi[k]!;
    crossIm[k] = ar[k]! * bi[k]! - ai[k]! * br[k]!;
    if (k > 0) maxMag = Math.max(maxMag, Math.hypot(crossRe[k]!, crossIm[k]!));
  }
  // Frequencies with almost no energy carry only noise: damp them instead of normalising them to 1.
  const floor = maxMag * 1e-4;
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    const mag = Math.hypot(crossRe[k]!, crossIm[k]!) + floor || 1;
    re[k] = crossRe[k]! / mag;
    im[k] = crossIm[k]! / mag;
  }
  fft2d(re, im, n, true);
  let best = 0;
  for (let k = 1; k < n * n; k++) if (re[k]! > re[best]!) best = k;
  const wrap = (v: number): number => (v > n / 2 ? v - n : v);
  const [px, py] = [wrap(best % n), wrap(Math.floor(best / n))];
  const [fx, fy] = fractionalShift(crossRe, crossIm, n, px, py);
  return { dx: px + fx, dy: py + fy, peak: re[best]! };
}

/**
 * The sub-pixel part: after removing the whole-pixel shift, the phase of the cross spectrum is a
 * plane -2 pi (u dx + v dy) / n; fit it by weighted least squares over the low frequencies (where
 * the energy, and so the weight, is).
 */
function fractionalShift(
  crossRe: Float64Array,
  crossIm: Float64Array,
  n: number,
  px: number,
  py: number,
): [number, number] {
  const limit = Math.max(2, n >> 3);
  let [suu, suv, svv, sup, svp] = [0, 0, 0, 0, 0];
  for (let kv = 0; kv < n; kv++) {
    const v = kv < n / 2 ? kv : kv - n;
    if (Math.abs(v) > limit) continue;
    for (let ku = 0; ku < n; ku++) {
      const u = ku < n / 2 ? ku : ku - n;
      if (Math.abs(u) > limit || (u === 0 && v === 0)) continue;
      const k = kv * n + ku;
      const turn = (2 * Math.PI * (u * px + v * py)) / n;
      const [c, s] = [Math.cos(turn), Math.sin(turn)];
      const re = crossRe[k]! * c - crossIm[k]! * s;
      const im = crossRe[k]! * s + crossIm[k]! * c;
      const w = Math.hypot(re, im);
      const phase = Math.atan2(im, re);
      const [a, b] = [(-2 * Math.PI * u) / n, (-2 * Math.PI * v) / n];
      suu += w * a * a;
      suv += w * a * b;
      svv += w * b * b;
      sup += w * a * phase;
      svp += w * b * phase;
    }
  }
  const det = suu * svv - suv * suv;
  if (det === 0) return [0, 0];
  const clamp = (x: number): number => Math.max(-1, Math.min(1, x));
  return [clamp((sup * svv - svp * suv) / det), clamp((svp * suu - sup * suv) / det)];
}
