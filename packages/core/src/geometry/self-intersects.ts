import { sweep } from 'isect';
import type { Position } from 'geojson';

interface RingSegment {
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
  readonly ring: number;
  readonly index: number;
  readonly count: number;
}

/** Two segments that follow one another along a ring meet at their shared corner: that is no crossing. */
const consecutive = (a: RingSegment, b: RingSegment): boolean =>
  a.ring === b.ring && ((a.index + 1) % a.count === b.index || (b.index + 1) % b.count === a.index);

/** isect compares with an absolute 1e-9: its input is moved to the origin and scaled (by a power of two, exactly) to about 1e6. */
const SWEEP_EXTENT_LOG2 = 20;

/** Rings with at most this many edges in all are checked pair by pair when the sweep cannot decide. */
const PAIRWISE_MAX_EDGES = 4000;

function ringSegments(rings: readonly (readonly Position[])[]): RingSegment[] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring)
      [minX, minY, maxX, maxY] = [Math.min(minX, x!), Math.min(minY, y!), Math.max(maxX, x!), Math.max(maxY, y!)];
  const extent = Math.max(maxX - minX, maxY - minY);
  const scale = extent > 0 ? 2 ** (SWEEP_EXTENT_LOG2 - Math.ceil(Math.log2(extent))) : 1;
  const at = (p: Position) => ({ x: (p[0]! - minX) * scale, y: (p[1]! - minY) * scale });
  const segments: RingSegment[] = [];
  rings.forEach((ring, r) => {
    const count = ring.length - 1;
    for (let i = 0; i < count; i++)
      segments.push({ from: at(ring[i]!), to: at(ring[i + 1]!), ring: r, index: i, count });
  });
  return segments;
}

/**
 * The sweep: true at the first meeting that is not two neighbours' shared corner, false when there
 * is none, null when it cannot decide (isect thrown off by near-degenerate input: it is given a
 * budget of events, as a sweep without crossings to report needs about one per corner).
 */
function sweepFinds(segments: readonly RingSegment[]): boolean | null {
  let found = false;
  const onFound = (_point: unknown, meeting: readonly RingSegment[]): boolean => {
    found = meeting.length !== 2 || !consecutive(meeting[0]!, meeting[1]!);
    return found;
  };
  try {
    const run = sweep(segments as RingSegment[], { onFound } as never);
    for (let budget = 4 * segments.length + 16; budget > 0; budget--) {
      if (!run.step()) return false;
      if (found) return true;
    }
  } catch {
    // isect's consistency checks throw on input it cannot order.
  }
  return null;
}

const orient = (a: Position, b: Position, c: Position): number =>
  Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!));
const within = (a: Position, b: Position, p: Position): boolean =>
  Math.min(a[0]!, b[0]!) <= p[0]! &&
  p[0]! <= Math.max(a[0]!, b[0]!) &&
  Math.min(a[1]!, b[1]!) <= p[1]! &&
  p[1]! <= Math.max(a[1]!, b[1]!);

/** Whether segments ab and cd cross or touch. */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const [o1, o2, o3, o4] = [orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)];
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && within(a, b, c)) ||
    (o2 === 0 && within(a, b, d)) ||
    (o3 === 0 && within(c, d, a)) ||
    (o4 === 0 && within(c, d, b))
  );
}

/** Every pair of edges, O(n²): for small rings the sweep could not decide, and to check the sweep against. */
export function ringsSelfIntersectPairwise(rings: readonly (readonly Position[])[]): boolean {
  const edges = rings.flatMap((ring, r) =>
    ring.slice(0, -1).map((a, i) => ({ a, b: ring[i + 1]!, r, i, count: ring.length - 1 })),
  );
  for (let m = 0; m < edges.length; m++) {
    for (let n = m + 1; n < edges.length; n++) {
      const [e, f] = [edges[m]!, edges[n]!];
      const next = e.r === f.r && (e.i + 1) % e.count === f.i;
      const previous = e.r === f.r && (f.i + 1) % f.count === e.i;
      if (next || previous) {
        // Neighbours share a corner; they meet elsewhere only when they fold back along each other.
        const [shared, p, q] = next ? [e.b, e.a, f.b] : [e.a, e.b, f.a];
        if (e.count > 2 && orient(p, shared, q) === 0 && (within(shared, p, q) || within(shared, q, p))) return true;
        continue;
      }
      if (segmentsMeet(e.a, e.b, f.a, f.b)) return true;
    }
  }
  return false;
}

/**
 * Whether the closed rings of one polygon (outer ring and holes) cross or touch themselves or one
 * another anywhere but at the corners where a ring's consecutive edges meet. A Bentley-Ottmann
 * sweep (isect), O((n + k) log n) for n edges and k meeting points, stopping at the first one:
 * a million-corner outline takes seconds, where checking every pair of edges takes hours. Where
 * the sweep cannot decide, small rings are checked pair by pair; null: too large to decide.
 */
export function ringsSelfIntersect(rings: readonly (readonly Position[])[]): boolean | null {
  const segments = ringSegments(rings);
  const swept = sweepFinds(segments);
  if (swept !== null) return swept;
  return segments.length <= PAIRWISE_MAX_EDGES ? ringsSelfIntersectPairwise(rings) : null;
}
