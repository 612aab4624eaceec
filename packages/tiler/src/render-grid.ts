import {
  gridToGridMapper,
  levelGrid,
  sourceWindowFor,
  warpWindow,
  type Grid,
  type RasterInfo,
  type RasterReader,
} from '@payesh/core';
import { colourise, type LayerStyle } from './layer-style.js';

/**
 * The overview to read for a target grid: the coarsest level still at least as fine as the target's
 * pixels (measured at the target's centre), so a tile never reads more than about 4x its pixels.
 */
export function chooseLevel(info: RasterInfo, target: Grid): number {
  const toFull = gridToGridMapper(target, levelGrid(info, 0));
  const [cx, cy] = [target.width / 2, target.height / 2];
  const [x0, y0] = toFull(cx, cy);
  const [x1, y1] = toFull(cx + 1, cy);
  const [x2, y2] = toFull(cx, cy + 1);
  const fullPerTarget = Math.min(Math.hypot(x1 - x0, y1 - y0), Math.hypot(x2 - x0, y2 - y0));
  if (!Number.isFinite(fullPerTarget)) return 0;
  let chosen = 0;
  info.overviews.forEach((o, i) => {
    if (info.width / o.width <= fullPerTarget * 1.01) chosen = i + 1;
  });
  return chosen;
}

/**
 * Renders `target` (a tile or a chip) from a raster: the right overview, only the window the target
 * covers, resampled through proj4 (bilinear for imagery, nearest for scores), coloured by the style.
 * Returns RGBA bytes, or null when the target is outside the raster.
 */
export async function renderGrid(
  reader: RasterReader,
  style: LayerStyle,
  target: Grid,
  signal?: AbortSignal,
): Promise<Uint8Array | null> {
  const info = reader.info();
  if (!info.transform || !info.crs) return null;
  const level = chooseLevel(info, target);
  const grid = levelGrid(info, level);
  const toSource = gridToGridMapper(target, grid);
  const window = { col: 0, row: 0, width: target.width, height: target.height };
  const source = sourceWindowFor(window, toSource, grid.width, grid.height, 2);
  if (!source) return null;
  const bands = style.kind === 'image' ? style.bands : [0];
  const raster = await reader.read(source, { level, bands, signal });
  const warped = warpWindow(raster, source, null, window, toSource, style.kind === 'image' ? 'bilinear' : 'nearest');
  return colourise(warped, style, target.width * target.height);
}
