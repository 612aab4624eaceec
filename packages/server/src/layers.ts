import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { crsToLngLat, InputError, pixelToCrs, SCORE_NODATA, SCORE_SCALE, type RasterReader } from '@payesh/core';
import { MAP_LAYERS, type MapLayer } from '@payesh/contract';
import { imageStyle, type LayerStyle } from '@payesh/tiler';
import type { StoredRun } from '@payesh/store';
import { parseDecimal, parseInteger } from './numbers.js';

export function checkLayer(name: string): MapLayer {
  if (!(MAP_LAYERS as readonly string[]).includes(name))
    throw new InputError(`layer must be one of ${MAP_LAYERS.join(', ')}`);
  return name as MapLayer;
}

/** The file behind a layer: the run's input images (absolute paths from import) or its change score. */
export function layerPath(run: StoredRun, layer: MapLayer): string {
  if (layer === 'change') return join(run.dir, 'change-score.tif');
  return run.runJson.inputs[layer].path;
}

/** What a request may change of a layer's look: 0-based bands shown, and the stretch percentiles. */
export interface StyleOptions {
  readonly bands?: readonly number[];
  readonly percentiles?: readonly [number, number];
}

/** Reads `bands=4,3,2` (1-based) and `stretch=2,98` from a query. */
export function parseStyleOptions(query: Record<string, unknown>, bandCount: number): StyleOptions {
  const out: { bands?: number[]; percentiles?: [number, number] } = {};
  if (query.bands !== undefined) {
    const bands = String(query.bands)
      .split(',')
      .map((b) => parseInteger(b, 'bands', 0));
    if (
      !(bands.length === 1 || bands.length === 3) ||
      bands.some((b) => !Number.isInteger(b) || b < 1 || b > bandCount)
    )
      throw new InputError(`bands must be 1 or 3 band numbers from 1 to ${bandCount}`);
    out.bands = bands.map((b) => b - 1);
  }
  if (query.stretch !== undefined) {
    const [lo, hi] = String(query.stretch)
      .split(',')
      .map((p) => parseDecimal(p, 'stretch'));
    if (!(lo! >= 0 && hi! <= 100 && lo! < hi!))
      throw new InputError('stretch must be two percentiles, low,high, 0 <= low < high <= 100');
    out.percentiles = [lo!, hi!];
  }
  return out;
}

/**
 * Layer styles, computed once per run, layer and options (percentile stretch of the imagery), the least
 * recently used dropped past `maxEntries`: a style is a few numbers, so entries bound its bytes too.
 */
export class StyleCache {
  private readonly styles: LRUCache<string, Promise<LayerStyle>>;

  constructor(maxEntries = 256) {
    this.styles = new LRUCache({ max: maxEntries });
  }

  get(run: StoredRun, layer: MapLayer, reader: RasterReader, options: StyleOptions = {}): Promise<LayerStyle> {
    const key = [run.id, run.importedAt, layer, options.bands?.join() ?? '', options.percentiles?.join() ?? ''].join(
      '\u0000',
    );
    let style = this.styles.get(key);
    if (!style) {
      const made = layerStyle(run, layer, reader, options);
      this.styles.set(key, made);
      made.catch(() => this.styles.get(key) === made && this.styles.delete(key));
      style = made;
    }
    return style;
  }

  /** Styles kept now. */
  get size(): number {
    return this.styles.size;
  }
}

async function layerStyle(
  run: StoredRun,
  layer: MapLayer,
  reader: RasterReader,
  options: StyleOptions,
): Promise<LayerStyle> {
  if (layer === 'change')
    return { kind: 'score', scale: SCORE_SCALE, nodata: SCORE_NODATA, threshold: run.threshold ?? 0.5 };
  // Optional chaining: runs imported before records were checked may lack parameters.
  const roles = run.runJson.parameters?.bands ?? null;
  const count = reader.info().bandCount;
  const bands = options.bands ?? (count >= 3 ? (roles ? [roles.red, roles.green, roles.blue] : [0, 1, 2]) : [0]);
  // The same stretch for both dates would hide the illumination change; each date gets its own.
  const [lowPct, highPct] = options.percentiles ?? [2, 98];
  return imageStyle(reader, bands, lowPct, highPct);
}

/** [west, south, east, north] of a raster in degrees (from its corners and edge midpoints). */
export function rasterBounds(reader: RasterReader): [number, number, number, number] {
  const info = reader.info();
  const toLngLat = crsToLngLat(info.crs!);
  const points: [number, number][] = [];
  for (const fx of [0, 0.5, 1])
    for (const fy of [0, 0.5, 1])
      points.push(toLngLat(...pixelToCrs(info.transform!, fx * info.width, fy * info.height)));
  return [
    Math.min(...points.map((p) => p[0])),
    Math.min(...points.map((p) => p[1])),
    Math.max(...points.map((p) => p[0])),
    Math.max(...points.map((p) => p[1])),
  ];
}
