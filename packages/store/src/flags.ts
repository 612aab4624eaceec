import { NotFoundError } from '@payesh/core';
import {
  FLAG_STATUSES,
  migrateFlagProperties,
  type FlagCategory,
  type FlagMapCollection,
  type FlagPage,
  type FlagSort,
  type FlagStatus,
  type FlagSummary,
  type StatusCounts,
  type Violation,
} from '@payesh/contract';
import type { Store } from './store.js';

export interface FlagQuery {
  readonly status?: readonly FlagStatus[];
  readonly violation?: readonly Violation[];
  readonly category?: readonly FlagCategory[];
  readonly district?: string;
  readonly minConfidence?: number;
  readonly maxConfidence?: number;
  /** [west, south, east, north]: flags whose bbox overlaps it. */
  readonly bbox?: readonly [number, number, number, number];
  /** Keyset paging: only the flags after this flag id in the query's order (stable while statuses change). */
  readonly after?: number;
  readonly sort?: FlagSort;
  readonly descending?: boolean;
  readonly page?: number;
  readonly pageSize?: number;
}

/** A row of `flags`: what import checked against the contract, and the review status (SQL CHECK). */
export interface FlagRow {
  id: number;
  run_id: string;
  flag_key: string;
  rank: number;
  parcel_id: string | null;
  violation: Violation;
  category: FlagCategory;
  confidence: number;
  new_built_m2: number;
  permitted_area_m2: number | null;
  district: string | null;
  address: string | null;
  west: number;
  south: number;
  east: number;
  north: number;
  status: FlagStatus;
  properties: string;
  geometry: string;
}

export const toFlagSummary = (r: FlagRow): FlagSummary => ({
  id: r.id,
  runId: r.run_id,
  flagKey: r.flag_key,
  rank: r.rank,
  parcelId: r.parcel_id,
  violation: r.violation,
  category: r.category,
  confidence: r.confidence,
  newBuiltM2: r.new_built_m2,
  permittedAreaM2: r.permitted_area_m2,
  district: r.district,
  address: r.address,
  bbox: [r.west, r.south, r.east, r.north],
  status: r.status,
});

const ORDER: Record<FlagSort, string> = {
  confidence: 'confidence',
  rank: 'rank',
  area: 'new_built_m2',
  parcel: "IFNULL(parcel_id, '')",
};

/** The sort column and direction of a query: rank and parcel ascend, the others descend, unless told. */
function orderOf(q: FlagQuery): { column: string; dir: 'ASC' | 'DESC' } {
  const sort = q.sort ?? 'confidence';
  return { column: ORDER[sort], dir: (q.descending ?? (sort !== 'rank' && sort !== 'parcel')) ? 'DESC' : 'ASC' };
}

/** SQL conditions and parameters of a query (shared by the list and the queue). */
export function flagFilter(runId: string, q: FlagQuery): { where: string; params: Record<string, unknown> } {
  const where = ['run_id = @run'];
  const params: Record<string, unknown> = { run: runId };
  if (q.status?.length)
    where.push(`status IN (SELECT value FROM json_each(@status))`), (params.status = JSON.stringify(q.status));
  if (q.violation?.length)
    where.push(`violation IN (SELECT value FROM json_each(@violation))`),
      (params.violation = JSON.stringify(q.violation));
  if (q.category?.length)
    where.push(`category IN (SELECT value FROM json_each(@category))`), (params.category = JSON.stringify(q.category));
  if (q.district !== undefined) where.push('district = @district'), (params.district = q.district);
  if (q.minConfidence !== undefined)
    where.push('confidence >= @minConfidence'), (params.minConfidence = q.minConfidence);
  if (q.maxConfidence !== undefined)
    where.push('confidence <= @maxConfidence'), (params.maxConfidence = q.maxConfidence);
  if (q.bbox) {
    where.push('east >= @w AND west <= @e AND north >= @s AND south <= @n');
    Object.assign(params, { w: q.bbox[0], s: q.bbox[1], e: q.bbox[2], n: q.bbox[3] });
  }
  if (q.after !== undefined) {
    // After the cursor flag in (sort column, rank, id) order, whatever its status is now.
    const { column, dir } = orderOf(q);
    const cursor = (c: string) => `(SELECT ${c} FROM flags WHERE run_id = @run AND id = @after)`;
    where.push(
      `(${column} ${dir === 'DESC' ? '<' : '>'} ${cursor(column)} OR (${column} = ${cursor(column)} AND (rank > ${cursor('rank')} OR (rank = ${cursor('rank')} AND id > @after))))`,
    );
    params.after = q.after;
  }
  return { where: where.join(' AND '), params };
}

/** One page of a run's flags, filtered and sorted, with the total that match (cursor aside) and the counts by status. */
export function listFlags(store: Store, runId: string, q: FlagQuery = {}): FlagPage {
  const { where, params } = flagFilter(runId, q);
  const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 50));
  const page = Math.max(1, q.page ?? 1);
  const { column, dir } = orderOf(q);
  const all = flagFilter(runId, { ...q, after: undefined });
  const total = (
    store.db.prepare(`SELECT count(*) AS n FROM flags WHERE ${all.where}`).get(all.params) as { n: number }
  ).n;
  const rows = store.db
    .prepare(
      `SELECT * FROM flags WHERE ${where} ORDER BY ${column} ${dir}, rank ASC, id ASC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as FlagRow[];
  return { total, page, pageSize, items: rows.map(toFlagSummary), counts: countByStatus(store, runId, q) };
}

/** How many flags of each status match the query's other filters: the review's progress (decided of all). */
export function countByStatus(store: Store, runId: string, q: FlagQuery = {}): StatusCounts {
  const { where, params } = flagFilter(runId, { ...q, status: undefined, after: undefined });
  const counts = Object.fromEntries(FLAG_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of store.db
    .prepare(`SELECT status, count(*) AS n FROM flags WHERE ${where} GROUP BY status`)
    .all(params) as { status: FlagStatus; n: number }[])
    counts[r.status] = r.n;
  return counts;
}

export function flagRow(store: Store, runId: string, id: number): FlagRow {
  const row = store.db.prepare('SELECT * FROM flags WHERE run_id = ? AND id = ?').get(runId, id) as FlagRow | undefined;
  if (!row) throw new NotFoundError(`no flag ${id} in run "${runId}"`);
  return row;
}

/** Flags of a run as a GeoJSON FeatureCollection (the parcel as geometry), optionally within a bbox. */
export function flagsGeoJson(store: Store, runId: string, q: FlagQuery = {}): FlagMapCollection {
  const { where, params } = flagFilter(runId, q);
  const rows = store.db
    .prepare(`SELECT * FROM flags WHERE ${where} ORDER BY confidence DESC, rank LIMIT 10000`)
    .all(params) as FlagRow[];
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: JSON.parse(r.geometry),
      properties: { ...migrateFlagProperties(JSON.parse(r.properties)), id: r.id, status: r.status },
    })),
  };
}

/** The districts of a run's flags, for filters. */
export function flagDistricts(store: Store, runId: string): string[] {
  return (
    store.db
      .prepare('SELECT DISTINCT district FROM flags WHERE run_id = ? AND district IS NOT NULL ORDER BY district')
      .all(runId) as { district: string }[]
  ).map((r) => r.district);
}
