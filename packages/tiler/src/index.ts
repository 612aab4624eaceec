export { tileGrid, areaGrid, isTile, lngLatToTile, WEB_MERCATOR } from './web-mercator.js';
export { colourise, scoreColour } from './layer-style.js';
export type { LayerStyle } from './layer-style.js';
export { renderGrid, chooseLevel } from './render-grid.js';
export { bandPercentiles, imageStyle } from './stretch.js';
export { encodeImage } from './encode.js';
export type { TileFormat, ImageFormat } from './encode.js';
export { renderChip, renderAreaMap, chipBounds, outlineSvg, areasSvg } from './chip.js';
export type { MapArea } from './chip.js';
