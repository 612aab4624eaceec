import type { Grid, RasterReader } from '@payesh/core';
import { chipBounds, ringsPath } from './chip.js';
import { encodeImage } from './encode-image.js';
import type { LayerStyle } from './layer-style.js';
import { renderGrid } from './render-grid.js';
import { areaGrid } from './web-mercator.js';

/** A filled area on a map: longitude/latitude rings (holes by even-odd) and a CSS colour. */
export interface MapArea {
  readonly rings: readonly (readonly (readonly number[])[])[];
  readonly colour: string;
}

/** An SVG of filled areas (translucent fill, opaque edge, at least two pixels wide so small parcels show) on a grid. */
export function areasSvg(grid: Grid, areas: readonly MapArea[]): string {
  const paths = areas
    .map((a) => {
      const d = ringsPath(grid, a.rings);
      return `<path d="${d}" fill="${a.colour}" fill-opacity="0.6" fill-rule="evenodd" stroke="${a.colour}" stroke-width="2" stroke-linejoin="round"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${grid.width}" height="${grid.height}">${paths}</svg>`;
}

/**
 * A map of areas over one layer (the report's overview): the areas' extent with a small margin, at most
 * `maxSide` pixels on its longer side, the areas filled in their colours. JPEG on white by default (print).
 */
export async function renderAreaMap(
  reader: RasterReader,
  style: LayerStyle,
  bbox: readonly [number, number, number, number],
  areas: readonly MapArea[],
  maxSide = 1600,
  signal?: AbortSignal,
  format: 'png' | 'jpeg' = 'jpeg',
): Promise<Buffer> {
  const bounds = chipBounds(bbox, 0.04);
  let grid = areaGrid(bounds, maxSide);
  if (grid.height > maxSide) grid = areaGrid(bounds, Math.max(1, Math.round((maxSide * maxSide) / grid.height)));
  const rgba = (await renderGrid(reader, style, grid, signal)) ?? new Uint8Array(grid.width * grid.height * 4);
  return encodeImage(rgba, grid.width, grid.height, format, areasSvg(grid, areas));
}
