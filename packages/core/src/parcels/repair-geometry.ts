import { featureCollection, polygon, unkinkPolygon, union } from '@turf/turf';
import type { Position } from 'geojson';
import { planarArea, polygonsOf, type AreaGeometry } from '../geometry/planar.js';
import { ringsSelfIntersect } from '../geometry/self-intersects.js';
import { echoInput } from '../text/printable.js';
import type { CoordinateRange } from './coordinate-range.js';

export type RepairOutcome =
  | { readonly ok: true; readonly geometry: AreaGeometry; readonly repaired: string | null }
  | { readonly ok: false; readonly problem: string };

/** What a geometry may hold; each limit left out is not checked. */
export interface GeometryLimits {
  /** Most corners in one geometry (all its rings). */
  readonly maxVertices?: number;
  /** Where coordinates can be in the CRS (see coordinateRange). */
  readonly range?: CoordinateRange;
}

/** Corners a parcel may have unless told otherwise: hand-drawn or surveyed parcels have tens to hundreds. */
export const DEFAULT_MAX_VERTICES = 100_000;

const samePoint = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];

/** Corners in all the rings, counted without reading them. */
function vertexCount(polys: readonly unknown[]): number {
  let n = 0;
  for (const poly of polys) if (Array.isArray(poly)) for (const ring of poly) if (Array.isArray(ring)) n += ring.length;
  return n;
}

/**
 * Drops repeated consecutive points and closes an open ring; null when fewer than 3 corners remain,
 * or what is wrong with a coordinate.
 */
function tidyRing(
  ring: unknown,
  range: CoordinateRange | undefined,
): { ring: Position[]; closed: boolean } | null | string {
  if (!Array.isArray(ring)) return 'a ring is not a list of positions';
  const out: Position[] = [];
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number')
      return 'a coordinate is not a pair of numbers';
    const [x, y] = p as number[];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return `the coordinate (${x}, ${y}) is not a finite number`;
    if (range && (Math.abs(x!) > range.maxAbsX || Math.abs(y!) > range.maxAbsY))
      return `the coordinate (${x}, ${y}) is outside the CRS's plausible range (${range.description})`;
    const q: Position = [x!, y!];
    if (out.length === 0 || !samePoint(out.at(-1)!, q)) out.push(q);
  }
  let closed = false;
  if (out.length > 0 && !samePoint(out[0]!, out.at(-1)!)) {
    out.push(out[0]!);
    closed = true;
  }
  return out.length >= 4 ? { ring: out, closed } : null;
}

/**
 * A parcel geometry made usable, or the reason it cannot be: only Polygon and MultiPolygon, no more
 * than `maxVertices` corners, finite coordinates within the CRS's range; open rings closed;
 * self-intersecting outlines (found by a sweep, O(n log n)) split at their crossings and put back
 * together (turf's unkink, then a union). Anything that still has no area is refused. Where a
 * repair was made it is named, so it can be reported.
 */
export function repairGeometry(geometry: unknown, limits: GeometryLimits = {}): RepairOutcome {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
    return {
      ok: false,
      problem: `geometry is ${g?.type == null ? 'missing' : echoInput(g.type)}, not a Polygon or MultiPolygon`,
    };
  if (!Array.isArray(g.coordinates)) return { ok: false, problem: 'geometry has no coordinates' };
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const corners = vertexCount(polys);
  if (limits.maxVertices !== undefined && corners > limits.maxVertices)
    return {
      ok: false,
      problem: `geometry has ${corners} vertices, more than the ${limits.maxVertices} allowed per parcel`,
    };
  let closedAny = false;
  const tidy: Position[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) return { ok: false, problem: 'a polygon has no rings' };
    const rings: Position[][] = [];
    for (const [i, ring] of poly.entries()) {
      const t = tidyRing(ring, limits.range);
      if (typeof t === 'string') return { ok: false, problem: t };
      if (!t) {
        if (i === 0) return { ok: false, problem: 'an outer ring has fewer than 3 distinct corners' };
        continue; // a degenerate hole is dropped
      }
      closedAny ||= t.closed;
      rings.push(t.ring);
    }
    tidy.push(rings);
  }
  let out: AreaGeometry =
    tidy.length === 1 ? { type: 'Polygon', coordinates: tidy[0]! } : { type: 'MultiPolygon', coordinates: tidy };
  let repaired: string | null = closedAny ? 'closed an open ring' : null;
  // Each polygon on its own: parts of a MultiPolygon may touch one another at corners.
  const kinked = tidy.map((rings) => ringsSelfIntersect(rings));
  if (kinked.includes(null))
    return { ok: false, problem: 'the outline is too intricate to check for self-intersections' };
  if (kinked.some(Boolean)) {
    try {
      const parts = tidy.flatMap((rings, i) =>
        kinked[i] ? unkinkPolygon({ type: 'Polygon', coordinates: rings }).features : [polygon(rings)],
      );
      const merged = parts.length === 1 ? parts[0]! : union(featureCollection(parts));
      if (!merged) return { ok: false, problem: 'self-intersecting and could not be repaired' };
      out = merged.geometry;
      repaired = 'split a self-intersecting outline at its crossings';
    } catch {
      return { ok: false, problem: 'self-intersecting and could not be repaired' };
    }
  }
  if (!(planarArea(out) > 0) || polygonsOf(out).length === 0) return { ok: false, problem: 'geometry has no area' };
  return { ok: true, geometry: out, repaired };
}
