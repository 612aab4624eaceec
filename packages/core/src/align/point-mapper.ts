import proj4 from 'proj4';
import { invertGeoTransform, pixelToCrs } from '../geotransform.js';
import { sameCrs, type Grid } from './grid.js';

/** Maps a pixel position of one grid to the pixel position of the same ground point in another. */
export type PointMapper = (col: number, row: number) => [col: number, row: number];

/**
 * The exact pixel-to-pixel map between two grids (through proj4 when the CRSs differ). Positions are
 * continuous: (0, 0) is the top-left corner of the top-left pixel.
 */
export function gridToGridMapper(from: Grid, to: Grid): PointMapper {
  const inverse = invertGeoTransform(to.transform);
  if (inverse === null) throw new RangeError('the target grid has a degenerate geotransform');
  if (sameCrs(from.crs, to.crs)) {
    return (col, row) => {
      const [x, y] = pixelToCrs(from.transform, col, row);
      return pixelToCrs(inverse, x, y);
    };
  }
  if (!from.crs?.proj4 || !to.crs?.proj4) throw new RangeError('cannot relate two grids whose CRSs are unknown');
  const converter = proj4(from.crs.proj4, to.crs.proj4);
  return (col, row) => {
    const [x, y] = pixelToCrs(from.transform, col, row);
    const [tx, ty] = converter.forward([x, y]);
    return pixelToCrs(inverse, tx!, ty!);
  };
}
