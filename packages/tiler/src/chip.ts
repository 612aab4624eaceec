import { crsToGridPixel, WGS84, type Grid, type RasterReader } from '@payesh/core';
import { encodeImage } from './encode.js';
import type { LayerStyle } from './layer-style.js';
import { renderGrid } from './render-grid.js';
import { areaGrid } from './web-mercator.js';

/** The area shown around a parcel: its bbox widened by `marginShare` of its size on each side (at least 15 m). */
export function chipBounds(bbox: readonly [number, number, number, number], marginShare = 0.6): [number, number, number, number] {
  const [w, s, e, n] = bbox;
  const mLat = Math.max((n - s) * marginShare, 15 / 111320);
  const mLng = Math.max((e - w) * marginShare, 15 / (111320 * Math.cos(((s + n) / 2) * (Math.PI / 180))));
  return [w - mLng, s - mLat, e + mLng, n + mLat];
}

/** An SVG of polygon outlines (longitude/latitude rings) drawn on a grid. */
export function outlineSvg(grid: Grid, rings: readonly (readonly (readonly number[])[])[], colour = '#00e5ff'): string {
  const toPx = crsToGridPixel(WGS84, grid);
  const paths = rings.map((ring) => `M${ring.map((p) => toPx(p[0]!, p[1]!).map((v) => v.toFixed(1)).join(' ')).join(' L')} Z`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${grid.width}" height="${grid.height}"><path d="${paths}" fill="none" stroke="${colour}" stroke-width="2"/></svg>`;
}

/**
 * An evidence chip: the parcel's surroundings from one layer as PNG (or JPEG on white, for print),
 * `width` pixels wide, with the parcel outline drawn on it. Transparent where the layer has no data.
 */
export async function renderChip(reader: RasterReader, style: LayerStyle, bbox: readonly [number, number, number, number], outline: readonly (readonly (readonly number[])[])[], width = 320, signal?: AbortSignal, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const grid = areaGrid(chipBounds(bbox), width);
  const rgba = (await renderGrid(reader, style, grid, signal)) ?? new Uint8Array(grid.width * grid.height * 4);
  return encodeImage(rgba, grid.width, grid.height, format, outlineSvg(grid, outline));
}

/** A filled area on a map: longitude/latitude rings (holes by even-odd) and a CSS colour. */
export interface MapArea {
  readonly rings: readonly (readonly (readonly number[])[])[];
  readonly colour: string;
}

/** An SVG of filled areas (translucent fill, opaque edge, at least two pixels wide so small parcels show) on a grid. */
export function areasSvg(grid: Grid, areas: readonly MapArea[]): string {
  const toPx = crsToGridPixel(WGS84, grid);
  const paths = areas
    .map((a) => {
      const d = a.rings.map((ring) => `M${ring.map((p) => toPx(p[0]!, p[1]!).map((v) => v.toFixed(1)).join(' ')).join(' L')} Z`).join(' ');
      return `<path d="${d}" fill="${a.colour}" fill-opacity="0.6" fill-rule="evenodd" stroke="${a.colour}" stroke-width="2" stroke-linejoin="round"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${grid.width}" height="${grid.height}">${paths}</svg>`;
}

/**
 * A map of areas over one layer (the report's overview): the areas' extent with a small margin, at most
 * `maxSide` pixels on its longer side, the areas filled in their colours. JPEG on white by default (print).
 */
export async function renderAreaMap(reader: RasterReader, style: LayerStyle, bbox: readonly [number, number, number, number], areas: readonly MapArea[], maxSide = 1600, signal?: AbortSignal, format: 'png' | 'jpeg' = 'jpeg'): Promise<Buffer> {
  const bounds = chipBounds(bbox, 0.04);
  let grid = areaGrid(bounds, maxSide);
  if (grid.height > maxSide) grid = areaGrid(bounds, Math.max(1, Math.round((maxSide * maxSide) / grid.height)));
  const rgba = (await renderGrid(reader, style, grid, signal)) ?? new Uint8Array(grid.width * grid.height * 4);
  return encodeImage(rgba, grid.width, grid.height, format, areasSvg(grid, areas));
}
