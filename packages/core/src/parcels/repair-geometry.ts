import { featureCollection, kinks, polygon, unkinkPolygon, union } from '@turf/turf';
import type { Position } from 'geojson';
import { echoInput } from '../text/printable.js';
import { planarArea, polygonsOf, type AreaGeometry } from '../geometry/planar.js';

export type RepairOutcome =
  | { readonly ok: true; readonly geometry: AreaGeometry; readonly repaired: string | null }
  | { readonly ok: false; readonly problem: string };

const samePoint = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];

/** Drops repeated consecutive points and closes an open ring; null when fewer than 3 corners remain. */
function tidyRing(ring: unknown): { ring: Position[]; closed: boolean } | null {
  if (!Array.isArray(ring)) return null;
  const out: Position[] = [];
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    const q: Position = [p[0] as number, p[1] as number];
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
 * A parcel geometry made usable, or the reason it cannot be: only Polygon and MultiPolygon; finite
 * coordinates; open rings closed; self-intersecting outlines split at their crossings and put back
 * together (turf's unkink, then a union). Anything that still has no area is refused. Where a
 * repair was made it is named, so it can be reported.
 */
export function repairGeometry(geometry: unknown): RepairOutcome {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return { ok: false, problem: `geometry is ${g?.type == null ? 'missing' : echoInput(g.type)}, not a Polygon or MultiPolygon` };
  if (!Array.isArray(g.coordinates)) return { ok: false, problem: 'geometry has no coordinates' };
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  let closedAny = false;
  const tidy: Position[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) return { ok: false, problem: 'a polygon has no rings' };
    const rings: Position[][] = [];
    for (const [i, ring] of poly.entries()) {
      const t = tidyRing(ring);
      if (!t) {
        if (i === 0) return { ok: false, problem: 'an outer ring has fewer than 3 distinct corners or non-numeric coordinates' };
        continue; // a degenerate hole is dropped
      }
      closedAny ||= t.closed;
      rings.push(t.ring);
    }
    tidy.push(rings);
  }
  let out: AreaGeometry = tidy.length === 1 ? { type: 'Polygon', coordinates: tidy[0]! } : { type: 'MultiPolygon', coordinates: tidy };
  let repaired: string | null = closedAny ? 'closed an open ring' : null;
  // Each polygon on its own: parts of a MultiPolygon may touch one another at corners.
  const kinked = tidy.map((rings) => kinks({ type: 'Polygon', coordinates: rings }).features.length > 0);
  if (kinked.some(Boolean)) {
    try {
      const parts = tidy.flatMap((rings, i) => (kinked[i] ? unkinkPolygon({ type: 'Polygon', coordinates: rings }).features : [polygon(rings)]));
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
