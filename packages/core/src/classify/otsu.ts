/** A histogram of values in [min, max] with equal-width bins, summable across windows. */
export interface Histogram {
  readonly min: number;
  readonly max: number;
  readonly counts: Float64Array;
}

export function emptyHistogram(min: number, max: number, bins = 256): Histogram {
  return { min, max, counts: new Float64Array(bins) };
}

/** Adds finite values to the histogram (values outside [min, max] go to the end bins). */
export function addToHistogram(h: Histogram, values: ArrayLike<number>): void {
  const bins = h.counts.length;
  const scale = bins / (h.max - h.min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    h.counts[Math.min(bins - 1, Math.max(0, Math.floor((v - h.min) * scale)))]!++;
  }
}

/** Otsu's threshold: the bin edge that maximises the between-class variance. */
export function otsuThreshold(h: Histogram): number {
  const bins = h.counts.length;
  const width = (h.max - h.min) / bins;
  let total = 0;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) {
    total += h.counts[b]!;
    sumAll += h.counts[b]! * b;
  }
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestBin = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += h.counts[b]!;
    sum0 += h.counts[b]! * b;
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const between = w0 * w1 * (sum0 / w0 - (sumAll - sum0) / w1) ** 2;
    if (between > best) {
      best = between;
      bestBin = b;
    }
  }
  return h.min + (bestBin + 1) * width;
}
