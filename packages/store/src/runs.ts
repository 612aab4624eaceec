import { createHash } from 'node:crypto';
import { InputError, NotFoundError } from '@payesh/core';
import { migrateRunRecord, type CompareRunRecord, type RunFolder, type RunListing } from '@payesh/contract';
import { recordAudit } from './audit.js';
import type { SqlDialect } from './sql/sql.js';
import { iso, transaction, type Store } from './store.js';

/** A run as listed, with the folder its files are in (the server's business, never a client's). */
export type RunSummary = RunListing & { readonly dir: string };

/** A run with its run.json as imported. */
export type StoredRun = RunSummary & { readonly runJson: CompareRunRecord };

/** Run names are what URLs and folders are built from: no path separators, nothing hidden. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkRunId(id: string): string {
  if (!RUN_ID.test(id))
    throw new InputError(
      `run name "${id}" must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit`,
    );
  return id;
}

/**
 * Imports (or re-imports) a run: idempotent by content. The same run.json and flags again change
 * nothing; a changed run updates its flags in place (ids, statuses and decisions kept) and adds new
 * ones; flags no longer in the run are removed unless someone has decided on them.
 */
export async function importRun(
  store: Store,
  input: RunFolder,
  actorId: number | null = null,
): Promise<{ created: boolean; changed: boolean; flags: number }> {
  checkRunId(input.id);
  const digest = createHash('sha256')
    .update(JSON.stringify(input.runJson))
    .update(JSON.stringify(input.flags))
    .digest('hex');
  const unchanged = { created: false, changed: false, flags: input.flags.length };
  const before = await store.sql.get<{ digest: string }>('SELECT digest FROM runs WHERE id = ?', [input.id]);
  if (before?.digest === digest) return unchanged;
  return transaction(store, async (tx) => {
    // The run's flags change under this key only: a review action on them waits (see review.ts).
    await tx.sql.lock(`run:${input.id}`);
    const existing = await tx.sql.get<{ digest: string }>('SELECT digest FROM runs WHERE id = ?', [input.id]);
    if (existing?.digest === digest) return unchanged;
    const { period, method, threshold } = input.runJson;
    await tx.sql.run(
      `INSERT INTO runs (id, dir, digest, before_on, after_on, method, threshold, flag_count, run_json, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET dir = excluded.dir, digest = excluded.digest, before_on = excluded.before_on, after_on = excluded.after_on, method = excluded.method,
        threshold = excluded.threshold, flag_count = excluded.flag_count, run_json = excluded.run_json, imported_at = excluded.imported_at`,
      [
        input.id,
        input.dir,
        digest,
        period.before_on,
        period.after_on,
        method.name,
        threshold,
        input.flags.length,
        JSON.stringify(input.runJson),
        iso(store),
      ],
    );
    const upsert = upsertFlagSql(tx.sql.dialect);
    for (const f of input.flags) {
      const p = f.properties;
      const [west, south, east, north] = p.bbox;
      await tx.sql.run(upsert, {
        run: input.id,
        key: p.flag_id,
        rank: p.rank,
        parcel: p.parcel_id,
        violation: p.violation,
        category: p.category,
        confidence: p.confidence,
        newBuilt: p.new_built_m2,
        permitted: p.permitted_area_m2,
        district: p.district,
        address: p.address,
        west,
        south,
        east,
        north,
        properties: JSON.stringify(p),
        geometry: JSON.stringify(f.geometry),
        evidence: JSON.stringify(p.evidence),
      });
    }
    const keys = new Set(input.flags.map((f) => f.properties.flag_id));
    const stored = await tx.sql.all<{ id: number; flag_key: string }>(
      'SELECT id, flag_key FROM flags WHERE run_id = ?',
      [input.id],
    );
    for (const gone of stored.filter((r) => !keys.has(r.flag_key))) {
      await tx.sql.run('DELETE FROM locks WHERE flag_id = ?', [gone.id]);
      await tx.sql.run('DELETE FROM flags WHERE id = ? AND id NOT IN (SELECT flag_id FROM decisions)', [gone.id]);
    }
    await recordAudit(tx, actorId, existing ? 'run.reimport' : 'run.import', `run:${input.id}`, {
      dir: input.dir,
      flags: input.flags.length,
      digest,
    });
    return { created: !existing, changed: true, flags: input.flags.length };
  });
}

/** Inserts or updates one flag by its key; on PostGIS also its parcel and change regions as geometry. */
function upsertFlagSql(dialect: SqlDialect): string {
  const gis = dialect === 'postgres';
  const toGeom = (param: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(CAST(${param} AS text)), 4326))`;
  return `
    INSERT INTO flags (run_id, flag_key, rank, parcel_id, violation, category, confidence, new_built_m2, permitted_area_m2, district, address, west, south, east, north, properties, geometry${gis ? ', geom, evidence' : ''})
    VALUES (@run, @key, @rank, @parcel, @violation, @category, @confidence, @newBuilt, @permitted, @district, @address, @west, @south, @east, @north, @properties, @geometry${gis ? `, ${toGeom('@geometry')}, ${toGeom('@evidence')}` : ''})
    ON CONFLICT (run_id, flag_key) DO UPDATE SET rank = excluded.rank, parcel_id = excluded.parcel_id, violation = excluded.violation, category = excluded.category,
      confidence = excluded.confidence, new_built_m2 = excluded.new_built_m2, permitted_area_m2 = excluded.permitted_area_m2, district = excluded.district,
      address = excluded.address, west = excluded.west, south = excluded.south, east = excluded.east, north = excluded.north, properties = excluded.properties, geometry = excluded.geometry${gis ? ', geom = excluded.geom, evidence = excluded.evidence' : ''}`;
}

interface RunRow {
  id: string;
  dir: string;
  before_on: string | null;
  after_on: string | null;
  method: string | null;
  threshold: number | null;
  flag_count: number;
  imported_at: string;
  pending: number;
}

const toSummary = (r: RunRow): RunSummary => ({
  id: r.id,
  dir: r.dir,
  beforeOn: r.before_on,
  afterOn: r.after_on,
  method: r.method,
  threshold: r.threshold,
  flagCount: r.flag_count,
  importedAt: r.imported_at,
  pending: r.pending,
});
const RUN_SELECT = `SELECT r.*, (SELECT count(*) FROM flags f WHERE f.run_id = r.id AND f.status = 'pending') AS pending FROM runs r`;

export async function listRuns(store: Store): Promise<RunSummary[]> {
  return (await store.sql.all<RunRow>(`${RUN_SELECT} ORDER BY r.imported_at DESC, r.id`)).map(toSummary);
}

/** A run with its run.json: checked against the contract when imported, brought up to date if an older Payesh imported it. */
export async function getRun(store: Store, id: string): Promise<StoredRun> {
  const row = await store.sql.get<RunRow & { run_json: string }>(`${RUN_SELECT} WHERE r.id = ?`, [id]);
  if (!row) throw new NotFoundError(`no run "${id}"`);
  return { ...toSummary(row), runJson: migrateRunRecord(JSON.parse(row.run_json)) as CompareRunRecord };
}
