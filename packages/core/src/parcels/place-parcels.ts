import { buffer } from '@turf/turf';
import type { Crs } from '../crs.js';
import type { Grid } from '../align/grid.js';
import { crsToGridPixel, crsToLngLat, mapGeometry, WGS84 } from '../geometry/map-coordinates.js';
import { geometryBounds, type AreaGeometry } from '../geometry/planar.js';
import type { Parcel, ParcelSet, Permit } from './parcel.js';
import type { PlacedPermit } from './parcel-rules.js';

/** A parcel on the before grid (pixels) and in longitude/latitude (for output). */
export interface PlacedParcel {
  readonly parcel: Parcel;
  readonly px: AreaGeometry;
  readonly lngLat: AreaGeometry;
  /** [minCol, minRow, maxCol, maxRow] in before-grid pixels. */
  readonly boundsPx: readonly [number, number, number, number];
}

/** Parcels mapped onto the before grid. */
export function placeParcels(set: ParcelSet, grid: Grid): PlacedParcel[] {
  const toPx = crsToGridPixel(set.crs, grid);
  const toLngLat = crsToLngLat(set.crs);
  return set.parcels.map((parcel) => {
    const px = mapGeometry(parcel.geometry, toPx);
    return { parcel, px, lngLat: mapGeometry(parcel.geometry, toLngLat), boundsPx: geometryBounds(px) };
  });
}

/**
 * Permits by parcel id, their footprints (in the parcels' CRS) widened by `bufferM` metres on the
 * ground (geodesic buffer in longitude/latitude) and mapped onto the before grid.
 */
export function placePermits(
  permits: readonly Permit[],
  crs: Crs,
  grid: Grid,
  bufferM: number,
): Map<string, PlacedPermit[]> {
  const toLngLat = crsToLngLat(crs);
  const lngLatToPx = crsToGridPixel(WGS84, grid);
  const byParcel = new Map<string, PlacedPermit[]>();
  for (const permit of permits) {
    let footprintPx: AreaGeometry | null = null;
    if (permit.footprint) {
      const lngLat = mapGeometry(permit.footprint, toLngLat);
      const widened =
        bufferM > 0
          ? ((buffer(lngLat, bufferM, { units: 'meters', steps: 4 })?.geometry as AreaGeometry | undefined) ?? lngLat)
          : lngLat;
      footprintPx = mapGeometry(widened, lngLatToPx);
    }
    const list = byParcel.get(permit.parcelId) ?? [];
    list.push({ permit, footprintPx });
    byParcel.set(permit.parcelId, list);
  }
  return byParcel;
}
