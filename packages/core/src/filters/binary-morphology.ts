import { clippedSpan, windowSum } from './window-sum.js';

/**
 * Erosion and dilation of a 0/1 mask by a k x k square (same centring and edge rule as the grey
 * min/max filters: the square is clipped to the image), by counting set pixels with separable
 * running sums: erosion keeps a pixel when every pixel of its clipped square is set, dilation sets it
 * when any is. Much faster than min/max on floats for masks.
 */
function windowCounts(
  mask: Uint8Array,
  width: number,
  height: number,
  k: number,
): { set: Float32Array; all: Float32Array } {
  const before = Math.floor((k - 1) / 2);
  const after = k - 1 - before;
  const set = windowSum(mask, width, height, before, after);
  const all = new Float32Array(width * height);
  const cols = Float64Array.from({ length: width }, (_, c) => clippedSpan(c, width, before, after));
  for (let r = 0; r < height; r++) {
    const rows = clippedSpan(r, height, before, after);
    for (let c = 0; c < width; c++) all[r * width + c] = rows * cols[c]!;
  }
  return { set, all };
}

export function erodeBinary(mask: Uint8Array, width: number, height: number, k: number): Uint8Array {
  if (k <= 1) return mask.slice();
  const { set, all } = windowCounts(mask, width, height, k);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = set[i] === all[i] ? 1 : 0;
  return out;
}

export function dilateBinary(mask: Uint8Array, width: number, height: number, k: number): Uint8Array {
  if (k <= 1) return mask.slice();
  const { set } = windowCounts(mask, width, height, k);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = set[i]! > 0 ? 1 : 0;
  return out;
}

/** Opening then closing: removes specks and fills gaps smaller than k. */
export function openCloseBinary(mask: Uint8Array, width: number, height: number, k: number): Uint8Array {
  const opened = dilateBinary(erodeBinary(mask, width, height, k), width, height, k);
  return erodeBinary(dilateBinary(opened, width, height, k), width, height, k);
}
