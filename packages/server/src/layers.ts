import { join } from 'node:path';
import { crsToLngLat, InputError, pixelToCrs, SCORE_NODATA, SCORE_SCALE, type RasterReader } from '@payesh/core';
import type { LayerStyle } from '@payesh/tiler';
import { bandPercentiles } from '@payesh/tiler';
import type { RunSummary } from '@payesh/store';

export const LAYERS = ['before', 'after', 'change'] as const;
export type Layer = (typeof LAYERS)[number];

export function checkLayer(name: string): Layer {
  if (!(LAYERS as readonly string[]).includes(name)) throw new InputError(`layer must be one of ${LAYERS.join(', ')}`);
  return name as Layer;
}

type Run = RunSummary & { readonly runJson: Record<string, unknown> };

/** The file behind a layer: the run's input images (absolute paths from import) or its change score. */
export function layerPath(run: Run, layer: Layer): string {
  if (layer === 'change') return join(run.dir, 'change-score.tif');
  const inputs = run.runJson.inputs as Record<Layer, { path: string }>;
  return inputs[layer].path;
}

/** Layer styles, computed once per run and layer (percentile stretch of the imagery). */
export class StyleCache {
  private readonly styles = new Map<string, Promise<LayerStyle>>();

  get(run: Run, layer: Layer, reader: RasterReader): Promise<LayerStyle> {
    const key = `${run.id}\u0000${run.importedAt}\u0000${layer}`;
    let style = this.styles.get(key);
    if (!style) {
      style = layerStyle(run, layer, reader);
      this.styles.set(key, style);
      style.catch(() => this.styles.delete(key));
    }
    return style;
  }
}

async function layerStyle(run: Run, layer: Layer, reader: RasterReader): Promise<LayerStyle> {
  if (layer === 'change') return { kind: 'score', scale: SCORE_SCALE, nodata: SCORE_NODATA, threshold: run.threshold ?? 0.5 };
  const roles = ((run.runJson.parameters as { bands?: { red: number; green: number; blue: number } } | undefined)?.bands) ?? null;
  const count = reader.info().bandCount;
  const bands = count >= 3 ? (roles ? [roles.red, roles.green, roles.blue] : [0, 1, 2]) : [0];
  // The same stretch for both dates would hide the illumination change; each date gets its own.
  const { low, high } = await bandPercentiles(reader, bands);
  return { kind: 'image', bands, low, high };
}

/** [west, south, east, north] of a raster in degrees (from its corners and edge midpoints). */
export function rasterBounds(reader: RasterReader): [number, number, number, number] {
  const info = reader.info();
  const toLngLat = crsToLngLat(info.crs!);
  const points: [number, number][] = [];
  for (const fx of [0, 0.5, 1]) for (const fy of [0, 0.5, 1]) points.push(toLngLat(...pixelToCrs(info.transform!, fx * info.width, fy * info.height)));
  return [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))];
}
