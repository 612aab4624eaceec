/**
 * Mean over a (2r+1) x (2r+1) square around every pixel, edges handled by clamping the square to
 * the image (so means near the border average fewer pixels). Two separable running sums: O(1) per
 * pixel whatever the radius.
 */
export function boxMean(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (radius <= 0) return src.slice();
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  runningMean(src, tmp, width, height, 1, width, radius);
  runningMean(tmp, out, height, width, width, 1, radius);
  return out;
}

/** Mean along lines of length `n` (stride `step`), `lines` of them `lineStep` apart. */
function runningMean(src: Float32Array, dst: Float32Array, n: number, lines: number, step: number, lineStep: number, r: number): void {
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < Math.min(r, n); i++) {
      sum += src[base + i * step]!;
      count++;
    }
    for (let i = 0; i < n; i++) {
      const add = i + r;
      if (add < n) {
        sum += src[base + add * step]!;
        count++;
      }
      const drop = i - r - 1;
      if (drop >= 0) {
        sum -= src[base + drop * step]!;
        count--;
      }
      dst[base + i * step] = sum / count;
    }
  }
}
