import type { Nodata, RasterInfo } from '@payesh/core';

/** The `--json` reading of a raster; the keys named in the CLI docs come first, in that order. */
export function rasterInfoToJson(info: RasterInfo): Record<string, unknown> {
  return {
    width: info.width,
    height: info.height,
    bands: info.bandCount,
    dtype: info.dtype,
    epsg: info.crs?.epsg ?? null,
    crs: info.crs?.proj4 ?? null,
    geotransform: info.transform ? [...info.transform] : null,
    nodata: info.nodata.map(nodataToJson),
    overviews: info.overviews.length,
    compression: info.compression,
    crs_name: info.crs?.name ?? null,
    overview_sizes: info.overviews.map((o) => [o.width, o.height]),
    block: [info.blockWidth, info.blockHeight],
    gcps: info.gcpCount,
    mask: info.mask,
    datetime: info.dateTime,
  };
}

export function nodataToJson(value: Nodata): number | string | null {
  if (value === null) return null;
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return value;
}
