import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFolder } from '@payesh/contract';
import { flagFilter } from './flags.js';
import { addUser, decideFlag, importRun, openStore, type Store } from './index.js';
import { postgisBackend } from './testing/backends.js';
import { compareRecordFixture, flagProperties } from '@payesh/testkit';

/** What only the PostGIS backend has: geometry columns, spatial indexes, views for QGIS, refusals. */
const backend = postgisBackend();
const it_ = backend.skip ? it.skip : it;

const square = (x: number, y: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});

function flag(i: number): RunFolder['flags'][number] {
  const x = 45 + i / 1000;
  const properties = flagProperties(i, {
    confidence: 1 - i / 1000,
    district: null,
    bbox: [x, 38, x + 0.0005, 38.0005],
    evidence: { type: 'MultiPolygon', coordinates: [square(x + 0.0001, 38.0001, 0.0002).coordinates] },
  });
  return { type: 'Feature', geometry: square(x, 38, 0.0005), properties };
}

const record = compareRecordFixture();
const run = (n: number): RunFolder => ({
  id: 'khoy-2024',
  dir: '/runs/khoy-2024',
  runJson: record,
  flags: Array.from({ length: n }, (_, i) => flag(i + 1)),
});

describe(`the PostGIS store${backend.note}`, () => {
  let store: Store;
  beforeAll(async () => {
    if (backend.skip) return;
    await backend.setup();
    store = await openStore(await backend.location());
    await importRun(store, run(300));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    if (!backend.skip) await backend.teardown();
  }, 60_000);

  it_('keeps each flag’s parcel and change regions as WGS84 geometry, the same shapes as its GeoJSON', async () => {
    const row = await store.sql.get<Record<string, unknown>>(
      "SELECT ST_AsGeoJSON(geom) AS parcel, ST_AsGeoJSON(evidence) AS regions, ST_SRID(geom) AS srid, GeometryType(geom) AS type, geometry FROM flags WHERE flag_key = 'P1/no-permit'",
    );
    expect(row).toMatchObject({ srid: 4326, type: 'MULTIPOLYGON' });
    expect(JSON.parse(row!.parcel as string).coordinates).toEqual([JSON.parse(row!.geometry as string).coordinates]);
    expect(JSON.parse(row!.regions as string).coordinates).toEqual(flag(1).properties.evidence.coordinates);
  });

  it_('answers a bbox query from the GiST index', async () => {
    const { where, params } = flagFilter('khoy-2024', { bbox: [45.1, 37.9, 45.11, 38.1] }, 'postgres');
    const { plan, ids } = await store.sql.transaction(async (tx) => {
      // 300 rows fit a page or two: tell the planner a sequential scan costs more, as it would on a city.
      await tx.exec('SET LOCAL enable_seqscan = off');
      return {
        plan: (await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM flags WHERE ${where}`, params))
          .map((r) => r['QUERY PLAN'])
          .join('\n'),
        ids: await tx.all<{ flag_key: string }>(`SELECT flag_key FROM flags WHERE ${where} ORDER BY rank`, params),
      };
    });
    expect(plan).toMatch(/flags_bbox/);
    // x from 45.1 to 45.11: flags 100 (its box ends at 45.1005) to 110.
    expect(ids.map((r) => r.flag_key)).toEqual(Array.from({ length: 11 }, (_, i) => `P${100 + i}/no-permit`));
  });

  it_('shows decisions in the view QGIS opens, with the parcel geometry', async () => {
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const { id } = (await store.sql.get<{ id: number }>("SELECT id FROM flags WHERE flag_key = 'P7/no-permit'"))!;
    await decideFlag(store, 'khoy-2024', id, sara, { outcome: 'confirmed', note: 'دیوار جدید' });
    expect(
      await store.sql.get(
        'SELECT status, decision, decided_by, decision_note, parcel_id, ST_Area(geom) > 0 AS has_area FROM flags_for_gis WHERE id = ?',
        [id],
      ),
    ).toEqual({
      status: 'confirmed',
      decision: 'confirmed',
      decided_by: 'sara',
      decision_note: 'دیوار جدید',
      parcel_id: 'P7',
      has_area: true,
    });
    expect(
      (await store.sql.get<{ n: number }>('SELECT count(*) AS n FROM change_regions_for_gis WHERE run_id = ?', [
        'khoy-2024',
      ]))!.n,
    ).toBe(300);
  });

  it_('keeps the audit log append-only, TRUNCATE too', async () => {
    await expect(store.sql.run('TRUNCATE audit')).rejects.toThrow(/append-only/);
    await expect(store.sql.run('DELETE FROM audit')).rejects.toThrow(/append-only/);
  });

  it_('refuses a database it cannot reach or a bad URL in one line, naming it without the password', async () => {
    const url = (await backend.location()).replace('postgres@', 'postgres:s3cret@').replace(/\?.*$/, '');
    const noPort = url.replace(/:\d+\//, ':1/');
    await expect(openStore(noPort, { connectTimeoutMs: 2000 })).rejects.toThrow(
      /cannot open the store: connection refused/,
    );
    await openStore(noPort).catch((error: { file?: string; message: string }) => {
      expect(error.file).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\//);
      expect(`${error.message} ${error.file}`).not.toContain('s3cret');
    });
    await expect(openStore('postgres://[bad')).rejects.toThrow(/not a valid PostgreSQL URL/);
  });
});
