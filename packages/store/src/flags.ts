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
import { inList, type SqlDialect, type SqlValue } from './sql/sql.js';
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
  /** The learned probability while the run's ranking is on (else null), and its reasons (JSON). */
  probability: number | null;
  ranking: string | null;
}

/**
 * A flag's learned probability while its run's ranking is on; null while it is off or before any
 * ranking. Every query of flags names its run `@run`: the switch is then read once per query, not per row.
 */
export const RANKED_PROBABILITY =
  'CASE WHEN (SELECT ranking_enabled FROM runs WHERE runs.id = @run) = 1 THEN flags.probability END';

/** The review queue's order key: the learned probability, flags without one after every flag with one. */
export const QUEUE_KEY = `COALESCE(${RANKED_PROBABILITY}, -1)`;

/** The columns of a FlagRow (never PostGIS's geometry columns: the GeoJSON text is what callers read). */
export const FLAG_COLUMNS = `id, run_id, flag_key, rank, parcel_id, violation, category, confidence, new_built_m2, permitted_area_m2, district, address, west, south, east, north, status, properties, geometry, ${RANKED_PROBABILITY} AS probability, ranking`;

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
  probability: r.probability,
});

const ORDER: Record<FlagSort, string> = {
  confidence: 'confidence',
  rank: 'rank',
  area: 'new_built_m2',
  parcel: "COALESCE(parcel_id, '')",
  queue: QUEUE_KEY,
};

/** The sort column and direction of a query: rank and parcel ascend, the others descend, unless told. */
function orderOf(q: FlagQuery): { column: string; dir: 'ASC' | 'DESC' } {
  const sort = q.sort ?? 'confidence';
  return { column: ORDER[sort], dir: (q.descending ?? (sort !== 'rank' && sort !== 'parcel')) ? 'DESC' : 'ASC' };
}

/** SQL conditions and parameters of a query (shared by the list and the queue). */
export function flagFilter(
  runId: string,
  q: FlagQuery,
  dialect: SqlDialect = 'sqlite',
): { where: string; params: Record<string, SqlValue> } {
  const where = ['run_id = @run'];
  const params: Record<string, SqlValue> = { run: runId };
  const oneOf = (column: 'status' | 'violation' | 'category', values: readonly string[] | undefined) => {
    if (!values?.length) return;
    const list = inList(column, values);
    where.push(`${column} IN ${list.sql}`);
    Object.assign(params, list.params);
  };
  oneOf('status', q.status);
  oneOf('violation', q.violation);
  oneOf('category', q.category);
  if (q.district !== undefined) where.push('district = @district'), (params.district = q.district);
  if (q.minConfidence !== undefined)
    where.push('confidence >= @minConfidence'), (params.minConfidence = q.minConfidence);
  if (q.maxConfidence !== undefined)
    where.push('confidence <= @maxConfidence'), (params.maxConfidence = q.maxConfidence);
  if (q.bbox) {
    // PostGIS: the same test on the same numbers, as boxes, so that the GiST index flags_bbox serves it.
    where.push(
      dialect === 'postgres'
        ? 'ST_MakeEnvelope(west, south, east, north, 4326) && ST_MakeEnvelope(@w, @s, @e, @n, 4326)'
        : 'east >= @w AND west <= @e AND north >= @s AND south <= @n',
    );
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
export async function listFlags(store: Store, runId: string, q: FlagQuery = {}): Promise<FlagPage> {
  const { where, params } = flagFilter(runId, q, store.sql.dialect);
  const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 50));
  const page = Math.max(1, q.page ?? 1);
  const { column, dir } = orderOf(q);
  const all = flagFilter(runId, { ...q, after: undefined }, store.sql.dialect);
  const total = (await store.sql.get<{ n: number }>(`SELECT count(*) AS n FROM flags WHERE ${all.where}`, all.params))!
    .n;
  const rows = await store.sql.all<FlagRow>(
    `SELECT ${FLAG_COLUMNS} FROM flags WHERE ${where} ORDER BY ${column} ${dir}, rank ASC, id ASC LIMIT @limit OFFSET @offset`,
    { ...params, limit: pageSize, offset: (page - 1) * pageSize },
  );
  return { total, page, pageSize, items: rows.map(toFlagSummary), counts: await countByStatus(store, runId, q) };
}

/** How many flags of each status match the query's other filters: the review's progress (decided of all). */
export async function countByStatus(store: Store, runId: string, q: FlagQuery = {}): Promise<StatusCounts> {
  const { where, params } = flagFilter(runId, { ...q, status: undefined, after: undefined }, store.sql.dialect);
  const counts = Object.fromEntries(FLAG_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of await store.sql.all<{ status: FlagStatus; n: number }>(
    `SELECT status, count(*) AS n FROM flags WHERE ${where} GROUP BY status`,
    params,
  ))
    counts[r.status] = r.n;
  return counts;
}

export async function flagRow(store: Store, runId: string, id: number): Promise<FlagRow> {
  const row = await store.sql.get<FlagRow>(`SELECT ${FLAG_COLUMNS} FROM flags WHERE run_id = @run AND id = @id`, {
    run: runId,
    id,
  });
  if (!row) throw new NotFoundError(`no flag ${id} in run "${runId}"`);
  return row;
}

/** Flags of a run as a GeoJSON FeatureCollection (the parcel as geometry), optionally within a bbox. */
export async function flagsGeoJson(store: Store, runId: string, q: FlagQuery = {}): Promise<FlagMapCollection> {
  const { where, params } = flagFilter(runId, q, store.sql.dialect);
  const rows = await store.sql.all<FlagRow>(
    `SELECT ${FLAG_COLUMNS} FROM flags WHERE ${where} ORDER BY confidence DESC, rank LIMIT 10000`,
    params,
  );
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
export async function flagDistricts(store: Store, runId: string): Promise<string[]> {
  return (
    await store.sql.all<{ district: string }>(
      'SELECT DISTINCT district FROM flags WHERE run_id = ? AND district IS NOT NULL ORDER BY district',
      [runId],
    )
  ).map((r) => r.district);
}
