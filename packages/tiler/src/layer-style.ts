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
  // One scale and offset per shown band; grey imagery repeats its one band.
  const shown = style.bands.length >= 3 ? [0, 1, 2] : [0, 0, 0];
  const planes = shown.map((b) => bands[b]!);
  const scale = shown.map((b) => 255 / Math.max(1e-12, style.high[b]! - style.low[b]!));
  const offset = shown.map((b) => style.low[b]!);
  const [p0, p1, p2] = planes as [Float32Array, Float32Array, Float32Array];
  const [s0, s1, s2] = scale as [number, number, number];
  const [o0, o1, o2] = offset as [number, number, number];
  const byte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : (v + 0.5) | 0);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const first = p0[i]!;
    if (first !== first) continue;
    out[j] = byte((first - o0) * s0);
    out[j + 1] = byte((p1[i]! - o1) * s1);
    out[j + 2] = byte((p2[i]! - o2) * s2);
    out[j + 3] = 255;
  }
  return out;
}
