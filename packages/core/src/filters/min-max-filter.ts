/**
 * Grey-level erosion (minimum) and dilation (maximum) over a k x k square, separable, with the van
 * Herk / Gil-Werman algorithm: three comparisons per pixel whatever k. Outside the image and NaN
 * pixels count as absent (NaN only where the whole square is).
 */
export function erodeSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return separable(src, width, height, k, Math.min, Infinity);
}

export function dilateSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return separable(src, width, height, k, Math.max, -Infinity);
}

/** Opening (erode then dilate): removes bright details smaller than k. */
export function openSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return dilateSquare(erodeSquare(src, width, height, k), width, height, k);
}

/** Closing (dilate then erode): fills dark details smaller than k. */
export function closeSquare(src: Float32Array, width: number, height: number, k: number): Float32Array {
  return erodeSquare(dilateSquare(src, width, height, k), width, height, k);
}

type Pick = (a: number, b: number) => number;

function separable(src: Float32Array, width: number, height: number, k: number, pick: Pick, identity: number): Float32Array {
  if (k <= 1) return src.slice();
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  const scratch = { g: new Float32Array(Math.max(width, height) + k), h: new Float32Array(Math.max(width, height) + k) };
  for (let row = 0; row < height; row++) line(src, tmp, row * width, 1, width, k, pick, identity, scratch);
  for (let col = 0; col < width; col++) line(tmp, out, col, width, height, k, pick, identity, scratch);
  for (let i = 0; i < out.length; i++) if (out[i] === identity) out[i] = NaN;
  return out;
}

/** One line: dst[i] = pick over src[i - before .. i + after], window k centred (before = floor((k-1)/2)). */
function line(
  src: Float32Array,
  dst: Float32Array,
  base: number,
  step: number,
  n: number,
  k: number,
  pick: Pick,
  identity: number,
  scratch: { g: Float32Array; h: Float32Array },
): void {
  const before = Math.floor((k - 1) / 2);
  const padded = n + k - 1;
  const { g, h } = scratch;
  // g: running pick from the start of each block of k; h: from the end. Index j is src position j - before.
  for (let j = 0; j < padded; j++) {
    const s = j - before;
    const x = s >= 0 && s < n ? src[base + s * step]! : identity;
    const v = x === x ? x : identity;
    g[j] = j % k === 0 ? v : pick(g[j - 1]!, v);
  }
  for (let j = padded - 1; j >= 0; j--) {
    const s = j - before;
    const x = s >= 0 && s < n ? src[base + s * step]! : identity;
    const v = x === x ? x : identity;
    h[j] = j % k === k - 1 || j === padded - 1 ? v : pick(h[j + 1]!, v);
  }
  for (let i = 0; i < n; i++) dst[base + i * step] = pick(h[i]!, g[i + k - 1]!);
}
