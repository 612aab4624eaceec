import { allocateSamples, isComplex, type TypedArray } from './dtype.js';
import { scaleGeoTransform } from './geotransform.js';
import type { Raster } from './raster.js';

export type OverviewResampling = 'average' | 'nearest';

/**
 * Halves a raster (rounding sizes up), as GDAL builds overviews: `average` takes the mean of the
 * valid pixels of each 2x2 block (nodata stays nodata where all four are nodata), `nearest` takes
 * the top-left pixel (for masks and class rasters).
 */
export function halveRaster(raster: Raster, resampling: OverviewResampling): Raster {
  if (isComplex(raster.dtype)) throw new RangeError('overviews of complex rasters are not supported');
  const width = Math.ceil(raster.width / 2);
  const height = Math.ceil(raster.height / 2);
  const isInteger = !(raster.dtype === 'float32' || raster.dtype === 'float64');
  const bands = raster.bands.map((src, b) => {
    const out = allocateSamples(raster.dtype, width * height);
    const nodata = raster.nodata[b] ?? null;
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        out[row * width + col] =
          resampling === 'nearest'
            ? src[2 * row * raster.width + 2 * col]!
            : averageBlock(src, raster.width, raster.height, 2 * col, 2 * row, nodata, isInteger);
      }
    }
    return out;
  });
  return {
    ...raster,
    width,
    height,
    bands,
    transform: raster.transform
      ? scaleGeoTransform(raster.transform, raster.width / width, raster.height / height)
      : null,
  };
}

function isNodata(v: number, nodata: number | null): boolean {
  return nodata !== null && (v === nodata || (Number.isNaN(nodata) && Number.isNaN(v)));
}

function averageBlock(
  src: TypedArray,
  w: number,
  h: number,
  col: number,
  row: number,
  nodata: number | null,
  isInteger: boolean,
): number {
  let sum = 0;
  let n = 0;
  for (let dy = 0; dy < 2 && row + dy < h; dy++) {
    for (let dx = 0; dx < 2 && col + dx < w; dx++) {
      const v = src[(row + dy) * w + col + dx]!;
      if (isNodata(v, nodata) || Number.isNaN(v)) continue;
      sum += v;
      n++;
    }
  }
  if (n === 0) return nodata ?? NaN;
  return isInteger ? Math.round(sum / n) : sum / n;
}
