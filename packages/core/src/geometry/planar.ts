import type { MultiPolygon, Polygon, Position } from 'geojson';

export type AreaGeometry = Polygon | MultiPolygon;

/**
 * Twice the signed area of a closed ring: positive when counter-clockwise with y up (longitude and
 * latitude), which is clockwise on screen with y down (pixel rows: outer rings of vectorised masks).
 */
export function ringArea2(ring: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

/** Planar area in squared coordinate units: outer rings less their holes. */
export function planarArea(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  for (const poly of polygons) poly.forEach((r, i) => (area += ((i === 0 ? 1 : -1) * Math.abs(ringArea2(r))) / 2));
  return area;
}

/** Polygons of a geometry, as a MultiPolygon's coordinates. */
export function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** [minX, minY, maxX, maxY] of a geometry. */
export function geometryBounds(geometry: AreaGeometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygonsOf(geometry))
    for (const [x, y] of poly[0]!) {
      if (x! < b[0]) b[0] = x!;
      if (y! < b[1]) b[1] = y!;
      if (x! > b[2]) b[2] = x!;
      if (y! > b[3]) b[3] = y!;
    }
  return b;
}
