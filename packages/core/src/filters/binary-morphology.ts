/**
 * Erosion and dilation of a 0/1 mask by a k x k square (same centring and edge rule as the grey
 * min/max filters: the square is clipped to the image), by counting set pixels with separable
 * running sums: erosion keeps a pixel when every pixel of its clipped square is set, dilation sets it
 * when any is. Integer adds only, much faster than min/max on floats for masks.
 */
function windowCounts(mask: Uint8Array, width: number, height: number, k: number): { set: Int32Array; all: Int32Array } {
  const before = Math.floor((k - 1) / 2);
  const after = k - 1 - before;
  const rowSums = new Int32Array(width * height);
  const rowCells = new Int32Array(width);
  for (let c = 0; c < width; c++) rowCells[c] = Math.min(width - 1, c + after) - Math.max(0, c - before) + 1;
  for (let r = 0; r < height; r++) {
    const base = r * width;
    let sum = 0;
    for (let c = 0; c < Math.min(after, width); c++) sum += mask[base + c]!;
    for (let c = 0; c < width; c++) {
      if (c + after < width) sum += mask[base + c + after]!;
      if (c - before - 1 >= 0) sum -= mask[base + c - before - 1]!;
      rowSums[base + c] = sum;
    }
  }
  const set = new Int32Array(width * height);
  const all = new Int32Array(width * height);
  const acc = new Int32Array(width);
  const add = (r: number, sign: number): void => {
    const base = r * width;
    for (let c = 0; c < width; c++) acc[c] = acc[c]! + sign * rowSums[base + c]!;
  };
  for (let r = 0; r < Math.min(after, height); r++) add(r, 1);
  for (let r = 0; r < height; r++) {
    if (r + after < height) add(r + after, 1);
    if (r - before - 1 >= 0) add(r - before - 1, -1);
    const rows = Math.min(height - 1, r + after) - Math.max(0, r - before) + 1;
    const base = r * width;
    for (let c = 0; c < width; c++) {
      set[base + c] = acc[c]!;
      all[base + c] = rows * rowCells[c]!;
    }
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
