/**
 * Mean over a (2r+1) x (2r+1) square around every pixel, edges handled by clamping the square to
 * the image (so means near the border average fewer pixels). NaN pixels are left out of the means
 * (NaN only where the whole square is NaN). Two separable running sums: O(1) per pixel whatever the
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
  if (!hasNaN) return boxMeanComplete(src, width, height, radius);
  const values = new Float32Array(n);
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (v === v) {
      values[i] = v;
      weights[i] = 1;
    }
  }
  // Sums of values and of valid-pixel counts, rows then columns.
  const [sv, sw] = [new Float32Array(n), new Float32Array(n)];
  runningSum(values, sv, width, height, 1, width, radius);
  runningSum(weights, sw, width, height, 1, width, radius);
  // Down the columns a row at a time (reading memory in order).
  const out = new Float32Array(n);
  const accV = new Float64Array(width);
  const accW = new Float64Array(width);
  const addRow = (row: number, sign: number): void => {
    const base = row * width;
    for (let c = 0; c < width; c++) {
      accV[c] = accV[c]! + sign * sv[base + c]!;
      accW[c] = accW[c]! + sign * sw[base + c]!;
    }
  };
  for (let row = 0; row < Math.min(radius, height); row++) addRow(row, 1);
  for (let row = 0; row < height; row++) {
    if (row + radius < height) addRow(row + radius, 1);
    if (row - radius - 1 >= 0) addRow(row - radius - 1, -1);
    const base = row * width;
    for (let c = 0; c < width; c++) out[base + c] = accW[c]! > 0.5 ? accV[c]! / accW[c]! : NaN;
  }
  return out;
}

/** Sum over a window of 2r+1 along lines of length `n` (stride `step`), `lines` of them `lineStep` apart. */
function runningSum(src: Float32Array, dst: Float32Array, n: number, lines: number, step: number, lineStep: number, r: number): void {
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    let sum = 0;
    for (let i = 0; i < Math.min(r, n); i++) sum += src[base + i * step]!;
    for (let i = 0; i < n; i++) {
      const add = i + r;
      if (add < n) sum += src[base + add * step]!;
      const drop = i - r - 1;
      if (drop >= 0) sum -= src[base + drop * step]!;
      dst[base + i * step] = sum;
    }
  }
}

/** The common case without NaN: one running sum per direction, counts from the clipped square. */
function boxMeanComplete(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const n = width * height;
  const rows = new Float32Array(n);
  runningSum(src, rows, width, height, 1, width, radius);
  const cols = new Float64Array(width);
  for (let c = 0; c < width; c++) cols[c] = Math.min(width - 1, c + radius) - Math.max(0, c - radius) + 1;
  const out = new Float32Array(n);
  const acc = new Float64Array(width);
  const addRow = (row: number, sign: number): void => {
    const base = row * width;
    for (let c = 0; c < width; c++) acc[c] = acc[c]! + sign * rows[base + c]!;
  };
  for (let row = 0; row < Math.min(radius, height); row++) addRow(row, 1);
  for (let row = 0; row < height; row++) {
    if (row + radius < height) addRow(row + radius, 1);
    if (row - radius - 1 >= 0) addRow(row - radius - 1, -1);
    const count = Math.min(height - 1, row + radius) - Math.max(0, row - radius) + 1;
    const base = row * width;
    for (let c = 0; c < width; c++) out[base + c] = acc[c]! / (count * cols[c]!);
  }
  return out;
}
