import { clippedSpan, windowSum } from './window-sum.js';

/**
 * Mean over a (2r+1) x (2r+1) square around every pixel, edges handled by clamping the square to
 * the image (so means near the border average fewer pixels). NaN pixels are left out of the means
 * (NaN only where the whole square is NaN). Separable running sums: O(1) per pixel whatever the
 * radius.
 */
export function boxMean(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (radius <= 0) return src.slice();
  const n = width * height;
  let hasNaN = false;
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (v !== v) {
      hasNaN = true;
      break;
    }
  }
  const out = new Float32Array(n);
  if (!hasNaN) {
    // The common case: counts come from the clipped square.
    const sums = windowSum(src, width, height, radius, radius);
    const cols = Float64Array.from({ length: width }, (_, c) => clippedSpan(c, width, radius, radius));
    for (let r = 0; r < height; r++) {
      const rows = clippedSpan(r, height, radius, radius);
      for (let c = 0; c < width; c++) out[r * width + c] = sums[r * width + c]! / (rows * cols[c]!);
    }
    return out;
  }
  const values = new Float32Array(n);
  const weights = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (v === v) {
      values[i] = v;
      weights[i] = 1;
    }
  }
  const sums = windowSum(values, width, height, radius, radius);
  const counts = windowSum(weights, width, height, radius, radius);
  for (let i = 0; i < n; i++) out[i] = counts[i]! > 0.5 ? sums[i]! / counts[i]! : NaN;
  return out;
}
