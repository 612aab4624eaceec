import type { Crs, Grid } from '@payesh/core';

export const WEB_MERCATOR: Crs = {
  epsg: 3857,
  proj4:
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
  name: 'WGS 84 / Pseudo-Mercator',
};
const HALF = 20037508.342789244;

/** The grid of XYZ tile z/x/y (Web Mercator, y down from the north), `size` pixels on a side. */
export function tileGrid(z: number, x: number, y: number, size = 256): Grid {
  const span = (2 * HALF) / 2 ** z;
  return {
    width: size,
    height: size,
    transform: [-HALF + x * span, span / size, 0, HALF - y * span, 0, -span / size],
    crs: WEB_MERCATOR,
  };
}

/** A grid in Web Mercator covering [west, south, east, north] (degrees), `width` pixels wide, square pixels. */
export function areaGrid(bbox: readonly [number, number, number, number], width: number): Grid {
  const [w, s, e, n] = bbox;
  const x = (lng: number): number => (lng * HALF) / 180;
  const y = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * (HALF / Math.PI);
  const res = (x(e) - x(w)) / width;
  const height = Math.max(1, Math.round((y(n) - y(s)) / res));
  return { width, height, transform: [x(w), res, 0, y(n), 0, -res], crs: WEB_MERCATOR };
}

/** True for a valid tile address at zoom 0..24. */
export function isTile(z: number, x: number, y: number): boolean {
  return (
    Number.isInteger(z) &&
    Number.isInteger(x) &&
    Number.isInteger(y) &&
    z >= 0 &&
    z <= 24 &&
    x >= 0 &&
    y >= 0 &&
    x < 2 ** z &&
    y < 2 ** z
  );
}

/** The XYZ tile holding a longitude/latitude at zoom z. */
export function lngLatToTile(lng: number, lat: number, z: number): [x: number, y: number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [
    Math.floor(((lng + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  ];
}
