import { writeFileSync } from 'node:fs';

/** A closed ring of `vertices` corners on a circle of `radius` around (cx, cy). */
export function circleRing(vertices: number, cx: number, cy: number, radius: number): number[][] {
  const ring = Array.from({ length: vertices }, (_, i) => [
    cx + radius * Math.cos((2 * Math.PI * i) / vertices),
    cy + radius * Math.sin((2 * Math.PI * i) / vertices),
  ]);
  return [...ring, ring[0]!];
}

/**
 * A GeoJSON parcels file (longitude/latitude, around Khoy) of `count` round parcels with `vertices`
 * corners each, ids P-1, P-2...: hostile input for the parcel checks. Returns the path.
 */
export function writeManyVertexParcels(path: string, count: number, vertices: number): string {
  const features = Array.from({ length: count }, (_, i) => ({
    type: 'Feature',
    properties: { parcel_id: `P-${i + 1}` },
    geometry: { type: 'Polygon', coordinates: [circleRing(vertices, 44.95 + 0.001 * i, 38.55, 0.0004)] },
  }));
  writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }));
  return path;
}
