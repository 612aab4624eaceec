import type { GeoTransform } from '@payesh/core';
import type { ImageTags } from './image-tags.js';

const RASTER_PIXEL_IS_POINT = 2;

/**
 * The geotransform of an image from its ModelTransformation, or its single tie point and pixel
 * scale, as GDAL derives it (PixelIsPoint shifts the origin by half a pixel). Null for files with
 * no georeferencing or with ground control points only.
 */
export function geoTransformOf(tags: ImageTags): GeoTransform | null {
  const pixelIsPoint = tags.geoKeys?.['GTRasterTypeGeoKey'] === RASTER_PIXEL_IS_POINT;
  const m = tags.modelTransformation;
  let gt: GeoTransform | null = null;
  if (m && m.length >= 16) {
    gt = [m[3]!, m[0]!, m[1]!, m[7]!, m[4]!, m[5]!];
  } else if (
    tags.modelTiepoint &&
    tags.modelTiepoint.length >= 6 &&
    tags.modelPixelScale &&
    tags.modelPixelScale.length >= 2
  ) {
    const [i, j, , x, y] = tags.modelTiepoint as [number, number, number, number, number];
    const [sx, sy] = tags.modelPixelScale as [number, number];
    gt = [x - i * sx, sx, 0, y + j * sy, 0, -sy];
  }
  if (gt && pixelIsPoint) {
    gt = [gt[0] - 0.5 * gt[1] - 0.5 * gt[2], gt[1], gt[2], gt[3] - 0.5 * gt[4] - 0.5 * gt[5], gt[4], gt[5]];
  }
  return gt;
}

/** Number of ground control points: tie points given without a pixel scale or transformation. */
export function gcpCountOf(tags: ImageTags): number {
  const tp = tags.modelTiepoint;
  if (!tp || tags.modelTransformation) return 0;
  const n = Math.floor(tp.length / 6);
  return tags.modelPixelScale && n <= 1 ? 0 : n;
}

/** GDAL_NODATA is ASCII: a number, "nan", "inf" or "-inf". */
export function parseNodata(text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const v = Number(t);
  return Number.isNaN(v) ? null : v;
}
