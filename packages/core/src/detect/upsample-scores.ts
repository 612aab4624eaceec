/**
 * Resamples scores from a coarser analysis grid onto rows of the full-resolution grid: bilinear where
 * the four neighbours have scores, nearest where some are NaN (so gaps keep sharp edges).
 *
 * `coarse` holds rows [coarseRow0, coarseRow0 + coarseHeight) of a grid `coarseWidth` wide; the result
 * covers full-resolution rows [row0, row0 + height) of a grid `width` wide; one coarse pixel spans
 * `scaleX` x `scaleY` full-resolution pixels.
 */
export function upsampleScores(
  coarse: Float32Array,
  coarseWidth: number,
  coarseRow0: number,
  coarseHeight: number,
  width: number,
  row0: number,
  height: number,
  scaleX: number,
  scaleY: number,
): Float32Array {
  const out = new Float32Array(width * height);
  const clampX = (v: number): number => (v < 0 ? 0 : v > coarseWidth - 1 ? coarseWidth - 1 : v);
  const clampY = (v: number): number => (v < 0 ? 0 : v > coarseHeight - 1 ? coarseHeight - 1 : v);
  for (let r = 0; r < height; r++) {
    const y = (row0 + r + 0.5) / scaleY - 0.5 - coarseRow0;
    const y0 = Math.floor(y);
    const fy = y - y0;
    const [ya, yb] = [clampY(y0), clampY(y0 + 1)];
    const yn = clampY(Math.round(y));
    for (let c = 0; c < width; c++) {
      const x = (c + 0.5) / scaleX - 0.5;
      const x0 = Math.floor(x);
      const fx = x - x0;
      const [xa, xb] = [clampX(x0), clampX(x0 + 1)];
      const v00 = coarse[ya * coarseWidth + xa]!;
      const v01 = coarse[ya * coarseWidth + xb]!;
      const v10 = coarse[yb * coarseWidth + xa]!;
      const v11 = coarse[yb * coarseWidth + xb]!;
      const v = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
      out[r * width + c] = v === v ? v : coarse[yn * coarseWidth + clampX(Math.round(x))]!;
    }
  }
  return out;
}
