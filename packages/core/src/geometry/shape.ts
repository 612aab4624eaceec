import type { Position } from 'geojson';
import { ringArea2 } from './planar.js';

/** Size and shape of polygons in their own planar units (pixels, metres). */
export interface Shape {
  readonly area: number;
  /** Length of every ring, holes included. */
  readonly perimeter: number;
  /** 4πA/P²: 1 for a disc, towards 0 for thin or ragged outlines. */
  readonly compactness: number;
  /** 1 - √(λ2/λ1) of the area's second moments: 0 for a disc or a square, towards 1 for a strip. */
  readonly elongation: number;
  readonly holes: number;
  readonly parts: number;
  readonly centroid: readonly [number, number];
}

/**
 * Area, perimeter, centroid and second moments of polygons (outer rings less holes, whatever their
 * winding), by the exact formulas for polygons (Green's theorem).
 */
export function measureShape(polygons: readonly (readonly (readonly Position[])[])[]): Shape {
  let area = 0;
  let perimeter = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let holes = 0;
  for (const polygon of polygons) {
    holes += Math.max(0, polygon.length - 1);
    polygon.forEach((ring, k) => {
      // Outer rings add, holes subtract: each ring's sums are taken with its own winding's sign flipped to match.
      const sign = (k === 0 ? 1 : -1) * Math.sign(ringArea2(ring) || 1);
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i] as [number, number];
        const [x1, y1] = ring[i + 1] as [number, number];
        const cross = (x0 * y1 - x1 * y0) * sign;
        area += cross / 2;
        sx += ((x0 + x1) * cross) / 6;
        sy += ((y0 + y1) * cross) / 6;
        sxx += ((x0 * x0 + x0 * x1 + x1 * x1) * cross) / 12;
        syy += ((y0 * y0 + y0 * y1 + y1 * y1) * cross) / 12;
        sxy += ((x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * cross) / 24;
        perimeter += Math.hypot(x1 - x0, y1 - y0);
      }
    });
  }
  if (area <= 0)
    return { area: 0, perimeter, compactness: 0, elongation: 0, holes, parts: polygons.length, centroid: [0, 0] };
  const cx = sx / area;
  const cy = sy / area;
  const ixx = sxx / area - cx * cx;
  const iyy = syy / area - cy * cy;
  const ixy = sxy / area - cx * cy;
  const half = (ixx + iyy) / 2;
  const root = Math.sqrt(((ixx - iyy) / 2) ** 2 + ixy * ixy);
  const l1 = half + root;
  const l2 = Math.max(0, half - root);
  return {
    area,
    perimeter,
    compactness: perimeter > 0 ? Math.min(1, (4 * Math.PI * area) / perimeter ** 2) : 0,
    elongation: l1 > 0 ? 1 - Math.sqrt(l2 / l1) : 0,
    holes,
    parts: polygons.length,
    centroid: [cx, cy],
  };
}

/** Distance from a point to the nearest edge of any ring of the polygons. */
export function distanceToEdges(
  point: readonly [number, number],
  polygons: readonly (readonly (readonly Position[])[])[],
): number {
  let best = Infinity;
  const [px, py] = point;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i] as [number, number];
        const [x1, y1] = ring[i + 1] as [number, number];
        const dx = x1 - x0;
        const dy = y1 - y0;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
        best = Math.min(best, Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy)));
      }
  return best;
}
