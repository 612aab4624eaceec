/** after' = gain * after + offset maps the after image onto the before image's radiometry, per band. */
export interface BandGain {
  readonly gain: number;
  readonly offset: number;
}

export interface Normalisation {
  readonly bands: readonly BandGain[];
  /** Pixels kept as unchanged in the last iteration, out of the valid ones. */
  readonly invariantShare: number;
}

interface Moments {
  readonly n: number;
  readonly mx: number;
  readonly my: number;
  /** Sums of squared deviations and of their products. */
  readonly sxx: number;
  readonly syy: number;
  readonly sxy: number;
}

function moments(x: Float32Array, y: Float32Array, keep: Uint8Array): Moments {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++)
    if (keep[i]) {
      n++;
      mx += x[i]!;
      my += y[i]!;
    }
  mx /= Math.max(1, n);
  my /= Math.max(1, n);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++)
    if (keep[i]) {
      const [dx, dy] = [x[i]! - mx, y[i]! - my];
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
  return { n, mx, my, sxx, syy, sxy };
}

/** Orthogonal (total least squares) regression y = gain * x + offset. */
function orthogonalFit(x: Float32Array, y: Float32Array, keep: Uint8Array): BandGain {
  const { n, mx, my, sxx, syy, sxy } = moments(x, y, keep);
  if (n < 2) return { gain: 1, offset: 0 };
  if (sxy === 0 || sxx === 0) return { gain: 1, offset: my - mx };
  const gain = (syy - sxx + Math.sqrt((syy - sxx) ** 2 + 4 * sxy * sxy)) / (2 * sxy);
  if (!(gain > 0) || !Number.isFinite(gain)) return { gain: 1, offset: my - mx };
  return { gain, offset: my - gain * mx };
}

/** Matching means and standard deviations, the gain bounded to 1/2.5..2.5. */
function momentMatch(x: Float32Array, y: Float32Array, keep: Uint8Array): BandGain {
  const { mx, my, sxx, syy } = moments(x, y, keep);
  const gain = sxx > 0 ? Math.min(2.5, Math.max(1 / 2.5, Math.sqrt(syy / sxx))) : 1;
  return { gain, offset: my - gain * mx };
}

/**
 * Relative radiometric normalisation of `after` to `before` (both the same size, NaN where invalid):
 * orthogonal regression per band on pixels that look unchanged, chosen iteratively as the share
 * `keepShare` of pixels with the smallest standardised change across bands under the current fit
 * (the idea of iMAD's no-change weights, without the canonical transform).
 */
export function fitNormalisation(
  before: readonly Float32Array[],
  after: readonly Float32Array[],
  iterations = 4,
  keepShare = 0.5,
): Normalisation {
  const n = before[0]!.length;
  const valid = new Uint8Array(n);
  let validCount = 0;
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (let b = 0; b < before.length; b++) if (Number.isNaN(before[b]![i]!) || Number.isNaN(after[b]![i]!)) ok = 0;
    valid[i] = ok;
    validCount += ok;
  }
  let keep = valid;
  let bands = before.map((bb, b) => orthogonalFit(after[b]!, bb, keep));
  for (let it = 1; it < iterations && validCount > 10; it++) {
    const distance = new Float32Array(n).fill(Infinity);
    const sd = bands.map((g, b) => {
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++)
        if (keep[i]) {
          const r = before[b]![i]! - (g.gain * after[b]![i]! + g.offset);
          s += r * r;
          c++;
        }
      return Math.sqrt(s / Math.max(1, c)) || 1;
    });
    for (let i = 0; i < n; i++)
      if (valid[i]) {
        let d = 0;
        for (let b = 0; b < before.length; b++)
          d += ((before[b]![i]! - (bands[b]!.gain * after[b]![i]! + bands[b]!.offset)) / sd[b]!) ** 2;
        distance[i] = d;
      }
    const sorted = distance.filter((d) => Number.isFinite(d)).sort();
    const cut = sorted[Math.floor(sorted.length * keepShare)]!;
    keep = Uint8Array.from(distance, (d) => (d <= cut ? 1 : 0));
    bands = before.map((bb, b) => orthogonalFit(after[b]!, bb, keep));
  }
  let kept = 0;
  for (const k of keep) kept += k;
  // A gain far from 1 means the "unchanged" pixels were not (most of the scene changed): fall back to
  // matching means and standard deviations, bounded.
  const plausible = (g: BandGain): boolean => g.gain > 1 / 2.5 && g.gain < 2.5;
  bands = bands.map((g, b) => (plausible(g) ? g : momentMatch(after[b]!, before[b]!, valid)));
  return { bands, invariantShare: validCount ? kept / validCount : 0 };
}

export function applyNormalisation(after: readonly Float32Array[], norm: Normalisation): Float32Array[] {
  return after.map((band, b) => {
    const { gain, offset } = norm.bands[b]!;
    const out = new Float32Array(band.length);
    for (let i = 0; i < band.length; i++) out[i] = gain * band[i]! + offset;
    return out;
  });
}

/** A common linear stretch to about 0..1 from the 2nd and 98th percentiles over all bands. */
export interface Stretch {
  readonly low: number;
  readonly high: number;
}

export function percentileStretch(bands: readonly Float32Array[]): Stretch {
  const values: number[] = [];
  for (const band of bands)
    for (let i = 0; i < band.length; i += Math.max(1, Math.floor(band.length / 200000)))
      if (!Number.isNaN(band[i]!)) values.push(band[i]!);
  if (values.length === 0) return { low: 0, high: 1 };
  values.sort((a, b) => a - b);
  const low = values[Math.floor(values.length * 0.02)]!;
  const high = values[Math.floor(values.length * 0.98)]!;
  return high > low ? { low, high } : { low, high: low + 1 };
}

export function applyStretch(bands: readonly Float32Array[], s: Stretch): Float32Array[] {
  const scale = 1 / (s.high - s.low);
  return bands.map((band) => {
    const out = new Float32Array(band.length);
    for (let i = 0; i < band.length; i++) out[i] = (band[i]! - s.low) * scale;
    return out;
  });
}
