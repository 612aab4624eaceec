export { PayeshError, InputError, DataError, NotFoundError, toDataError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { bytesPerSample, allocateSamples, isComplex, isFloat } from './dtype.js';
export type { DType, TypedArray } from './dtype.js';
export {
  pixelToCrs,
  crsToPixel,
  invertGeoTransform,
  scaleGeoTransform,
  windowGeoTransform,
  pixelSize,
} from './geotransform.js';
export type { GeoTransform } from './geotransform.js';
export { fullWindow, clipWindow, tileWindows, windowPixelCount } from './window.js';
export type { PixelWindow } from './window.js';
export type { Crs } from './crs.js';
export type { Raster, RasterInfo, RasterReader, ReadOptions, OverviewInfo, Nodata } from './raster.js';
export { halveRaster } from './overview.js';
export type { OverviewResampling } from './overview.js';
export { StripPyramid } from './strip-pyramid.js';
export type { TileRowStrip } from './strip-pyramid.js';
