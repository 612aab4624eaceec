/**
 * Grey-level erosion (minimum) and dilation (maximum) over a k x k square, separable, with the van
 * Herk / Gil-Werman algorithm: three comparisons per pixel whatever k. Outside the image and NaN
 * pixels count as absent (NaN only where the whole square is).
 */
export function erodeSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return separable(src, width, height, k, true, Infinity);
}

export function dilateSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return separable(src, width, height, k, false, -Infinity);
}

/** Opening (erode then dilate): removes bright details smaller than k. */
export function openSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return dilateSquare(erodeSquare(src, width, height, k), width, height, k);
}

/** Closing (dilate then erode): fills dark details smaller than k. */
export function closeSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return erodeSquare(dilateSquare(src, width, height, k), width, height, k);
}

function separable(
  src: Float32Array,
  width: number,
  height: number,
  k: number,
  isMin: boolean,
  identity: number,
): Float32Array {
  if (k <= 1) return src.slice();
  const tmp = new Float32Array(width * height);
  const scratch = { g: new Float32Array(width + k), h: new Float32Array(width + k) };
  for (let row = 0; row < height; row++) line(src, tmp, row * width, 1, width, k, isMin, identity, scratch);
  const out = columns(tmp, width, height, k, isMin, identity);
  for (let i = 0; i < out.length; i++) if (out[i] === identity) out[i] = NaN;
  return out;
}

/**
 * The same van Herk / Gil-Werman pass down the columns, done a whole row at a time so memory is read
 * in order (a column at a time strides through memory and is several times slower).
 */
function columns(
  src: Float32Array,
  width: number,
  height: number,
  k: number,
  isMin: boolean,
  identity: number,
): Float32Array {
  const before = Math.floor((k - 1) / 2);
  const padded = height + k - 1;
  const g = new Float32Array(padded * width);
  const h = new Float32Array(padded * width);
  const rowOf = (j: number): number => j - before;
  for (let j = 0; j < padded; j++) {
    const s = rowOf(j);
    const inside = s >= 0 && s < height;
    const gj = j * width;
    const fresh = j % k === 0;
    for (let c = 0; c < width; c++) {
      const x = inside ? src[s * width + c]! : identity;
      const v = x === x ? x : identity;
      const prev = fresh ? v : g[gj - width + c]!;
      g[gj + c] = isMin ? (v < prev ? v : prev) : v > prev ? v : prev;
    }
  }
  for (let j = padded - 1; j >= 0; j--) {
    const s = rowOf(j);
    const inside = s >= 0 && s < height;
    const hj = j * width;
    const fresh = j % k === k - 1 || j === padded - 1;
    for (let c = 0; c < width; c++) {
      const x = inside ? src[s * width + c]! : identity;
      const v = x === x ? x : identity;
      const prev = fresh ? v : h[hj + width + c]!;
      h[hj + c] = isMin ? (v < prev ? v : prev) : v > prev ? v : prev;
    }
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < height; i++) {
    const hi = i * width;
    const gi = (i + k - 1) * width;
    for (let c = 0; c < width; c++) {
      const a = h[hi + c]!;
      const b = g[gi + c]!;
      out[i * width + c] = isMin ? (a < b ? a : b) : a > b ? a : b;
    }
  }
  return out;
}

/** One line: dst[i] = min or max over src[i - before .. i + after], window k centred (before = floor((k-1)/2)). */
function line(
  src: Float32Array,
  dst: Float32Array,
  base: number,
  step: number,
  n: number,
  k: number,
  isMin: boolean,
  identity: number,
  scratch: { g: Float32Array; h: Float32Array },
): void {
  const before = Math.floor((k - 1) / 2);
  const padded = n + k - 1;
  const { g, h } = scratch;
  // g: running extreme from the start of each block of k; h: from the end. Index j is src position j - before.
  for (let j = 0; j < padded; j++) {
    const s = j - before;
    const x = s >= 0 && s < n ? src[base + s * step]! : identity;
    const v = x === x ? x : identity;
    const prev = j % k === 0 ? v : g[j - 1]!;
    g[j] = isMin ? (v < prev ? v : prev) : v > prev ? v : prev;
  }
  for (let j = padded - 1; j >= 0; j--) {
    const s = j - before;
    const x = s >= 0 && s < n ? src[base + s * step]! : identity;
    const v = x === x ? x : identity;
    const prev = j % k === k - 1 || j === padded - 1 ? v : h[j + 1]!;
    h[j] = isMin ? (v < prev ? v : prev) : v > prev ? v : prev;
  }
  for (let i = 0; i < n; i++) {
    const a = h[i]!;
    const b = g[i + k - 1]!;
    dst[base + i * step] = isMin ? (a < b ? a : b) : a > b ? a : b;
  }
}
