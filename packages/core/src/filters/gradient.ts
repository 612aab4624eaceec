/** Sobel gradient magnitude, edges replicated; NaN neighbours count as the centre pixel. */
export function gradientMagnitude(src: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  let centre = 0;
  const at = (c: number, r: number): number => {
    const v = src[Math.min(height - 1, Math.max(0, r)) * width + Math.min(width - 1, Math.max(0, c))]!;
    return v === v ? v : centre;
  };
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      centre = src[r * width + c]!;
      const gx =
        at(c + 1, r - 1) + 2 * at(c + 1, r) + at(c + 1, r + 1) - at(c - 1, r - 1) - 2 * at(c - 1, r) - at(c - 1, r + 1);
      const gy =
        at(c - 1, r + 1) + 2 * at(c, r + 1) + at(c + 1, r + 1) - at(c - 1, r - 1) - 2 * at(c, r - 1) - at(c + 1, r - 1);
      out[r * width + c] = Math.hypot(gx, gy) / 8;
    }
  }
  return out;
}
