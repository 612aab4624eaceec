import type { Component } from './components.js';
import { ringArea2 } from '../geometry/planar.js';

/** A ring of pixel-corner coordinates [col, row], closed (first = last). */
export type PixelRing = [number, number][];

/** A polygon in pixel coordinates: the outer ring first (clockwise on screen), then its holes. */
export type PixelPolygon = PixelRing[];

const DIRS: readonly [number, number][] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

/**
 * Traces the outline of a component along pixel edges: exact, with holes. Where two parts touch only
 * at a corner the outline is split there, so every ring is simple and a component may give several
 * polygons. Collinear vertices are dropped.
 */
export function vectorizeComponent(component: Component): PixelPolygon[] {
  const [c0, r0, c1, r1] = component.bbox;
  const w = c1 - c0;
  const h = r1 - r0;
  const set = new Uint8Array(w * h);
  for (let k = 0; k < component.runs.length; k += 3) {
    const row = component.runs[k]! - r0;
    set.fill(1, row * w + component.runs[k + 1]! - c0, row * w + component.runs[k + 2]! - c0);
  }
  const at = (c: number, r: number): boolean => c >= 0 && r >= 0 && c < w && r < h && set[r * w + c] === 1;
  // Directed boundary edges, interior on the right (screen coordinates, rows down): key = vertex * 4 + dir.
  const vw = w + 1;
  const edges = new Set<number>();
  const add = (c: number, r: number, dir: number): void => void edges.add((r * vw + c) * 4 + dir);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (!at(c, r)) continue;
      if (!at(c, r - 1)) add(c, r, 0);
      if (!at(c + 1, r)) add(c + 1, r, 1);
      if (!at(c, r + 1)) add(c + 1, r + 1, 2);
      if (!at(c - 1, r)) add(c, r + 1, 3);
    }
  }
  const rings: PixelRing[] = [];
  while (edges.size > 0) {
    const first = edges.values().next().value as number;
    const ring: [number, number][] = [];
    let edge = first;
    let lastDir = -1;
    for (;;) {
      edges.delete(edge);
      const vertex = Math.floor(edge / 4);
      const dir = edge % 4;
      const [vc, vr] = [vertex % vw, Math.floor(vertex / vw)];
      if (dir !== lastDir) ring.push([vc + c0, vr + r0]);
      lastDir = dir;
      const next = (vertex + DIRS[dir]![0] + DIRS[dir]![1] * vw) * 4;
      // Prefer the right turn, then straight, then left: parts touching at a corner separate.
      const candidates = [(dir + 1) % 4, dir, (dir + 3) % 4].map((d) => next + d);
      const found = candidates.find((e) => edges.has(e));
      if (found === undefined) break;
      edge = found;
    }
    if (ring.length > 1 && lastDir === Math.floor(first % 4)) ring.shift();
    ring.push([ring[0]![0], ring[0]![1]]);
    rings.push(ring);
  }
  return assembleRings(rings);
}

function pointInRing(x: number, y: number, ring: PixelRing): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function assembleRings(rings: PixelRing[]): PixelPolygon[] {
  const outers = rings.filter((r) => ringArea2(r) > 0).map((r) => [r] as PixelPolygon);
  for (const hole of rings.filter((r) => ringArea2(r) < 0)) {
    // A point just inside the set side of the hole's first edge (interior is on the right).
    const [[x0, y0], [x1, y1]] = [hole[0]!, hole[1]!];
    const [dx, dy] = [Math.sign(x1 - x0), Math.sign(y1 - y0)];
    const [px, py] = [x0 + dx * 0.5 - dy * 0.25, y0 + dy * 0.5 + dx * 0.25];
    const owner = outers.find((p) => pointInRing(px, py, p[0]!)) ?? outers[0];
    owner?.push(hole);
  }
  return outers;
}
