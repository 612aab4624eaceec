/**
 * Sum over a window of `before` + 1 + `after` pixels in each direction around every pixel, the
 * window clipped to the image: a running sum along rows, then down the columns a whole row at a time
 * (reading memory in order), accumulating in double precision. O(1) per pixel whatever the window.
 */
export function windowSum(
  src: ArrayLike<number>,
  width: number,
  height: number,
  before: number,
  after: number,
): Float32Array {
  const rows = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const base = r * width;
    let sum = 0;
    for (let c = 0; c < Math.min(after, width); c++) sum += src[base + c]!;
    for (let c = 0; c < width; c++) {
      if (c + after < width) sum += src[base + c + after]!;
      if (c - before - 1 >= 0) sum -= src[base + c - before - 1]!;
      rows[base + c] = sum;
    }
  }
  const out = new Float32Array(width * height);
  const acc = new Float64Array(width);
  const add = (r: number, sign: number): void => {
    const base = r * width;
    for (let c = 0; c < width; c++) acc[c] = acc[c]! + sign * rows[base + c]!;
  };
  for (let r = 0; r < Math.min(after, height); r++) add(r, 1);
  for (let r = 0; r < height; r++) {
    if (r + after < height) add(r + after, 1);
    if (r - before - 1 >= 0) add(r - before - 1, -1);
    out.set(acc, r * width);
  }
  return out;
}

/** How many pixels of a line of `n` the window around position `i` covers. */
export function clippedSpan(i: number, n: number, before: number, after: number): number {
  return Math.min(n - 1, i + after) - Math.max(0, i - before) + 1;
}
