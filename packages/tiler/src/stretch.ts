import type { RasterReader } from '@payesh/core';
import type { LayerStyle } from './layer-style.js';

/**
 * Per-band contrast limits (`lowPct`, `highPct` percentiles) from the smallest overview, or from the
 * centre 1024 px of full resolution when the raster has none; nodata and NaN left out.
 */
export async function bandPercentiles(
  reader: RasterReader,
  bands: readonly number[],
  lowPct = 2,
  highPct = 98,
  signal?: AbortSignal,
): Promise<{ low: number[]; high: number[] }> {
  const info = reader.info();
  const level = info.overviews.length;
  const size = level === 0 ? { width: info.width, height: info.height } : info.overviews[level - 1]!;
  const w = Math.min(size.width, 1024);
  const h = Math.min(size.height, 1024);
  const window = { col: Math.floor((size.width - w) / 2), row: Math.floor((size.height - h) / 2), width: w, height: h };
  const raster = await reader.read(window, { level, bands, signal });
  const low: number[] = [];
  const high: number[] = [];
  raster.bands.forEach((band, k) => {
    const nodata = info.nodata[bands[k]!] ?? null;
    const values = Float64Array.from(band as ArrayLike<number>)
      .filter((v) => v === v && v !== nodata)
      .sort();
    if (values.length === 0) {
      low.push(0);
      high.push(1);
      return;
    }
    const at = (p: number): number => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
    low.push(at(lowPct));
    high.push(Math.max(at(highPct), at(lowPct) + 1e-9));
  });
  return { low, high };
}

/**
 * The look of an imagery layer: `bands` as red, green, blue (or grey) with one stretch for all of them
 * (from the lowest low to the highest high percentile), which keeps grey roads grey.
 */
export async function imageStyle(
  reader: RasterReader,
  bands: readonly number[],
  lowPct = 2,
  highPct = 98,
  signal?: AbortSignal,
): Promise<LayerStyle> {
  const limits = await bandPercentiles(reader, bands, lowPct, highPct, signal);
  const [low, high] = [Math.min(...limits.low), Math.max(...limits.high)];
  return { kind: 'image', bands, low: bands.map(() => low), high: bands.map(() => high) };
}
