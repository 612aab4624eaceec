/**
 * The affine map from pixel (col, row) to raster CRS (x, y), in GDAL order:
 * x = gt[0] + col*gt[1] + row*gt[2]; y = gt[3] + col*gt[4] + row*gt[5].
 */
export type GeoTransform = readonly [number, number, number, number, number, number];

export function pixelToCrs(gt: GeoTransform, col: number, row: number): [x: number, y: number] {
  return [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
}

/** The inverse map; null when the transform is degenerate. */
export function invertGeoTransform(gt: GeoTransform): GeoTransform | null {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (det === 0 || !Number.isFinite(det)) return null;
  const inv1 = gt[5] / det;
  const inv2 = -gt[2] / det;
  const inv4 = -gt[4] / det;
  const inv5 = gt[1] / det;
  return [-gt[0] * inv1 - gt[3] * inv2, inv1, inv2, -gt[0] * inv4 - gt[3] * inv5, inv4, inv5];
}

export function crsToPixel(gt: GeoTransform, x: number, y: number): [col: number, row: number] {
  const inv = invertGeoTransform(gt);
  if (inv === null) throw new RangeError('geotransform is not invertible');
  return pixelToCrs(inv, x, y);
}

/** The transform of an overview or resampled grid covering the same extent with a new size. */
export function scaleGeoTransform(gt: GeoTransform, scaleCol: number, scaleRow: number): GeoTransform {
  return [gt[0], gt[1] * scaleCol, gt[2] * scaleRow, gt[3], gt[4] * scaleCol, gt[5] * scaleRow];
}

/** The transform of a window whose top-left pixel is (col, row) of the grid. */
export function windowGeoTransform(gt: GeoTransform, col: number, row: number): GeoTransform {
  const [x, y] = pixelToCrs(gt, col, row);
  return [x, gt[1], gt[2], y, gt[4], gt[5]];
}

/** Mean ground size of a pixel along columns and rows, in CRS units. */
export function pixelSize(gt: GeoTransform): { x: number; y: number } {
  return { x: Math.hypot(gt[1], gt[4]), y: Math.hypot(gt[2], gt[5]) };
}
