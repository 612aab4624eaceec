import { crsToGridPixel, WGS84, type Grid, type RasterReader } from '@payesh/core';
import { encodeImage } from './encode-image.js';
import type { LayerStyle } from './layer-style.js';
import { renderGrid } from './render-grid.js';
import { areaGrid } from './web-mercator.js';

/** The area shown around a parcel: its bbox widened by `marginShare` of its size on each side (at least 15 m). */
export function chipBounds(
  bbox: readonly [number, number, number, number],
  marginShare = 0.6,
): [number, number, number, number] {
  const [w, s, e, n] = bbox;
  const mLat = Math.max((n - s) * marginShare, 15 / 111320);
  const mLng = Math.max((e - w) * marginShare, 15 / (111320 * Math.cos(((s + n) / 2) * (Math.PI / 180))));
  return [w - mLng, s - mLat, e + mLng, n + mLat];
}

/** SVG path data of longitude/latitude rings on a grid (one closed subpath per ring). */
export function ringsPath(grid: Grid, rings: readonly (readonly (readonly number[])[])[]): string {
  const toPx = crsToGridPixel(WGS84, grid);
  const point = (p: readonly number[]): string =>
    toPx(p[0]!, p[1]!)
      .map((v) => v.toFixed(1))
      .join(' ');
  return rings.map((ring) => `M${ring.map(point).join(' L')} Z`).join(' ');
}

/** An SVG of polygon outlines (longitude/latitude rings) drawn on a grid. */
export function outlineSvg(grid: Grid, rings: readonly (readonly (readonly number[])[])[], colour = '#00e5ff'): string {
  const paths = ringsPath(grid, rings);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${grid.width}" height="${grid.height}"><path d="${paths}" fill="none" stroke="${colour}" stroke-width="2"/></svg>`;
}

/**
 * An evidence chip: the parcel's surroundings from one layer as PNG (or JPEG on white, for print),
 * `width` pixels wide, with the parcel outline drawn on it. Transparent where the layer has no data.
 */
export async function renderChip(
  reader: RasterReader,
  style: LayerStyle,
  bbox: readonly [number, number, number, number],
  outline: readonly (readonly (readonly number[])[])[],
  width = 320,
  signal?: AbortSignal,
  format: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  const grid = areaGrid(chipBounds(bbox), width);
  const rgba = (await renderGrid(reader, style, grid, signal)) ?? new Uint8Array(grid.width * grid.height * 4);
  return encodeImage(rgba, grid.width, grid.height, format, outlineSvg(grid, outline));
}
