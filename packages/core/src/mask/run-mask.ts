/**
 * A binary mask of any size stored as runs: for every row, the [start, end) column ranges that are
 * set, flattened. Memory grows with the outline of what is set, not with the raster size, so a
 * city-wide change mask fits in memory while the pixels are processed window by window.
 */
export interface RunMask {
  readonly width: number;
  readonly height: number;
  /** rows[r] = [start0, end0, start1, end1, ...], sorted, non-overlapping, non-touching. */
  readonly rows: Int32Array[];
}

export function emptyRunMask(width: number, height: number): RunMask {
  return { width, height, rows: Array.from({ length: height }, () => new Int32Array(0)) };
}

/** Runs of the non-zero pixels of one row of `mask` (a window `width` wide), shifted by `colOffset`. */
export function rowRuns(mask: Uint8Array, width: number, row: number, colOffset = 0): Int32Array {
  const runs: number[] = [];
  const base = row * width;
  let c = 0;
  while (c < width) {
    while (c < width && mask[base + c] === 0) c++;
    if (c >= width) break;
    const start = c;
    while (c < width && mask[base + c] !== 0) c++;
    runs.push(start + colOffset, c + colOffset);
  }
  return Int32Array.from(runs);
}

/** A RunMask of a whole Uint8 mask (non-zero = set). */
export function runMaskFromPixels(mask: Uint8Array, width: number, height: number): RunMask {
  return { width, height, rows: Array.from({ length: height }, (_, r) => rowRuns(mask, width, r)) };
}

/** Paints rows [row0, row0 + height) of a RunMask into a Uint8 strip (1 set, 0 not). */
export function paintRuns(mask: RunMask, row0: number, height: number, value = 1): Uint8Array {
  const out = new Uint8Array(mask.width * height);
  for (let r = 0; r < height; r++) {
    const runs = mask.rows[row0 + r]!;
    for (let k = 0; k < runs.length; k += 2) out.fill(value, r * mask.width + runs[k]!, r * mask.width + runs[k + 1]!);
  }
  return out;
}

/** Concatenates the runs of tiles side by side in one row (each already offset to full columns), merging touching runs. */
export function mergeRowRuns(parts: readonly Int32Array[]): Int32Array {
  const all: number[] = [];
  for (const p of parts) for (let k = 0; k < p.length; k += 2) all.push(p[k]!, p[k + 1]!);
  const pairs: [number, number][] = [];
  for (let k = 0; k < all.length; k += 2) pairs.push([all[k]!, all[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    if (out.length > 0 && s <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, e);
    else out.push(s, e);
  }
  return Int32Array.from(out);
}
