/** How a layer's pixels become colours. */
export type LayerStyle =
  | {
      readonly kind: 'image';
      /** 0-based bands shown as red, green, blue (one band: grey). */
      readonly bands: readonly number[];
      /** Per shown band, the values mapped to 0 and 255. */
      readonly low: readonly number[];
      readonly high: readonly number[];
    }
  | {
      readonly kind: 'score';
      /** Stored value of a score of 1 (change-score.tif: 250) and the no-data value (255). */
      readonly scale: number;
      readonly nodata: number;
      /** Scores below this (0..1) are transparent: nothing changed there. */
      readonly threshold: number;
    };

/** Yellow at the threshold to deep red at 1, more opaque as the score rises. */
export function scoreColour(score: number, threshold: number): [number, number, number, number] {
  const t = Math.max(0, Math.min(1, (score - threshold) / Math.max(1e-6, 1 - threshold)));
  return [255, Math.round(220 * (1 - t)), Math.round(40 * (1 - t)), Math.round(150 + 90 * t)];
}

/** RGBA bytes from warped float bands (NaN: no data, transparent). */
export function colourise(bands: readonly Float32Array[], style: LayerStyle, n: number): Uint8Array {
  const out = new Uint8Array(n * 4);
  if (style.kind === 'score') {
    const v = bands[0]!;
    for (let i = 0; i < n; i++) {
      const raw = v[i]!;
      if (raw !== raw || raw === style.nodata) continue;
      const score = raw / style.scale;
      if (score < style.threshold) continue;
      out.set(scoreColour(score, style.threshold), i * 4);
    }
    return out;
  }
  const shown = style.bands.length >= 3 ? [0, 1, 2] : [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const first = bands[0]![i]!;
    if (first !== first) continue;
    for (let k = 0; k < 3; k++) {
      const b = shown[k]!;
      const lo = style.low[b]!;
      const hi = style.high[b]!;
      const value = ((bands[b]![i]! - lo) / Math.max(1e-12, hi - lo)) * 255;
      out[i * 4 + k] = value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}
