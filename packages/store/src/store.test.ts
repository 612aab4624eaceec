import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFolder } from '@payesh/contract';
import {
  addUser,
  auditLog,
  checkPassword,
  createApiToken,
  createSession,
  decideFlag,
  endSession,
  findApiToken,
  findSession,
  getFlag,
  importRun,
  listFlags,
  listRuns,
  lockFlag,
  openStore,
  reopenFlag,
  takeNextFlag,
  undoDecision,
  validateDecision,
  type Store,
} from './index.js';
import { storeBackends } from './testing/backends.js';
import { compareRecordFixture, flagFeature } from '@payesh/testkit';

const flag = flagFeature;
/** A real compare record (demo city), its threshold changed. */
const record = { ...compareRecordFixture(), threshold: 0.3 };
const run = (flags = [1, 2, 3, 4].map((i) => flag(i))): RunFolder => ({
  id: 'khoy-2024',
  dir: '/runs/khoy-2024',
  runJson: record,
  flags,
});

/** A store whose clock the test moves. */
async function clockStore(location: string): Promise<Store & { advance(seconds: number): void }> {
  let t = Date.parse('2026-01-01T08:00:00Z');
  const store = await openStore(location, { now: () => new Date(t) });
  return Object.assign(store, { advance: (s: number) => void (t += s * 1000) });
}

describe.each(storeBackends())('store on $name', (backend) => {
  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown(), 60_000);
  const fresh = async () => openStore(await backend.location());
  const it_ = backend.skip ? it.skip : it;

  it_(`migrates once and reopens the same store${backend.note}`, async () => {
    const location = await backend.location();
    await (await openStore(location)).close();
    const store = await openStore(location);
    if (store.sql.dialect === 'sqlite') {
      expect(await store.sql.get('PRAGMA user_version')).toEqual({ user_version: 3 });
      expect(await store.sql.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    } else {
      expect(await store.sql.all('SELECT version FROM payesh_schema')).toEqual([{ version: 2 }]);
      // QGIS finds the geometry columns and views here, typed and in WGS84.
      expect(
        await store.sql.all(
          'SELECT f_table_name AS t, f_geometry_column AS c, type, srid FROM geometry_columns WHERE f_table_schema = current_schema() ORDER BY 1, 2',
        ),
      ).toEqual([
        { t: 'change_regions_for_gis', c: 'geom', type: 'MULTIPOLYGON', srid: 4326 },
        { t: 'flags', c: 'evidence', type: 'MULTIPOLYGON', srid: 4326 },
        { t: 'flags', c: 'geom', type: 'MULTIPOLYGON', srid: 4326 },
        { t: 'flags_for_gis', c: 'geom', type: 'MULTIPOLYGON', srid: 4326 },
      ]);
    }
    await store.close();
  });

  it_(`refuses a store from a newer Payesh${backend.note}`, async () => {
    const location = await backend.location();
    const store = await openStore(location);
    await store.sql.exec(
      store.sql.dialect === 'sqlite' ? 'PRAGMA user_version = 99' : 'UPDATE payesh_schema SET version = 99',
    );
    await store.close();
    await expect(openStore(location)).rejects.toThrow(/from a newer Payesh \(schema 99/);
  });

  it_(`imports a run idempotently and keeps decisions when the run changes${backend.note}`, async () => {
    const store = await fresh();
    const admin = await addUser(store, { username: 'admin', password: 'correct horse battery', role: 'admin' });
    expect(await importRun(store, run(), admin.id)).toEqual({ created: true, changed: true, flags: 4 });
    expect(await importRun(store, run(), admin.id)).toEqual({ created: false, changed: false, flags: 4 });
    const inspector = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const first = (await listFlags(store, 'khoy-2024')).items[0]!;
    await decideFlag(store, 'khoy-2024', first.id, inspector, {
      outcome: 'confirmed',
      legalCategory: 2,
      note: 'نمای جدید',
    });
    // Re-run: flag 4 gone, 5 new, the decided one kept with its id and status.
    const changed = await importRun(store, run([1, 2, 3, 5].map((i) => flag(i))), admin.id);
    expect(changed).toEqual({ created: false, changed: true, flags: 4 });
    const after = (await listFlags(store, 'khoy-2024', { sort: 'rank' })).items;
    expect(after.map((f) => f.flagKey)).toEqual(['P1/no-permit', 'P2/no-permit', 'P3/no-permit', 'P5/no-permit']);
    expect(after[0]).toMatchObject({ id: first.id, status: 'confirmed' });
    expect(await listRuns(store)).toMatchObject([
      { id: 'khoy-2024', flagCount: 4, pending: 3, beforeOn: '2023-05-08' },
    ]);
    await expect(importRun(store, { ...run(), id: '../etc' })).rejects.toThrow(/run name/);
    await store.close();
  });

  it_(`filters, sorts and pages flags${backend.note}`, async () => {
    const store = await fresh();
    await importRun(
      store,
      run(
        [1, 2, 3, 4, 5, 6].map((i) =>
          flag(i, i === 6 ? { violation: 'exceeds-permit', flag_id: 'P6/exceeds-permit' } : {}),
        ),
      ),
    );
    expect(
      (await listFlags(store, 'khoy-2024', { violation: ['exceeds-permit'] })).items.map((f) => f.parcelId),
    ).toEqual(['P6']);
    expect((await listFlags(store, 'khoy-2024', { district: 'منطقه ۱' })).total).toBe(3);
    expect((await listFlags(store, 'khoy-2024', { minConfidence: 0.55 })).items.map((f) => f.rank)).toEqual([
      1, 2, 3, 4,
    ]);
    const page2 = await listFlags(store, 'khoy-2024', { sort: 'area', page: 2, pageSize: 2 });
    expect([page2.total, page2.items.map((f) => f.parcelId)]).toEqual([6, ['P4', 'P3']]);
    expect(
      (await listFlags(store, 'khoy-2024', { bbox: [45.0025, 37.9, 45.0035, 38.1] })).items
        .map((f) => f.parcelId)
        .sort(),
    ).toEqual(['P2', 'P3']);
    // Touching edges count as overlapping on both backends (P3's box ends at 45.0035).
    expect(
      (await listFlags(store, 'khoy-2024', { bbox: [45.0035, 38.0005, 45.0036, 38.1] })).items.map((f) => f.parcelId),
    ).toEqual(['P3']);
    await store.close();
  });

  it_(
    `pages by cursor without skipping flags while others are decided, and counts decided of all${backend.note}`,
    async () => {
      const store = await fresh();
      // Ties in confidence (pairs), so the cursor must break them by rank and id.
      await importRun(store, run([1, 2, 3, 4, 5, 6, 7].map((i) => flag(i, { confidence: 1 - Math.ceil(i / 2) / 10 }))));
      const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
      const pending = { status: ['pending'] as const, pageSize: 3 };
      const first = await listFlags(store, 'khoy-2024', pending);
      expect(first.items.map((f) => f.parcelId)).toEqual(['P1', 'P2', 'P3']);
      expect(first.counts).toEqual({ pending: 7, confirmed: 0, dismissed: 0, 'field-visit': 0 });
      // Two of the first page decided meanwhile: offset paging would now skip P4 and P5.
      await decideFlag(store, 'khoy-2024', first.items[0]!.id, sara, { outcome: 'confirmed' });
      await decideFlag(store, 'khoy-2024', first.items[1]!.id, sara, { outcome: 'dismissed' });
      expect((await listFlags(store, 'khoy-2024', { ...pending, page: 2 })).items.map((f) => f.parcelId)).toEqual([
        'P6',
        'P7',
      ]);
      const second = await listFlags(store, 'khoy-2024', { ...pending, after: first.items.at(-1)!.id });
      expect(second.items.map((f) => f.parcelId)).toEqual(['P4', 'P5', 'P6']);
      expect(
        (await listFlags(store, 'khoy-2024', { ...pending, after: second.items.at(-1)!.id })).items.map(
          (f) => f.parcelId,
        ),
      ).toEqual(['P7']);
      expect(second.counts).toEqual({ pending: 5, confirmed: 1, dismissed: 1, 'field-visit': 0 });
      expect(second.total).toBe(5);
      expect(
        (await listFlags(store, 'khoy-2024', { sort: 'rank', after: first.items[2]!.id, pageSize: 2 })).items.map(
          (f) => f.parcelId,
        ),
      ).toEqual(['P4', 'P5']);
      await store.close();
    },
  );

  it_(`hands out the queue with locks that keep two inspectors apart and expire${backend.note}`, async () => {
    const store = await clockStore(await backend.location());
    await importRun(store, run());
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const reza = await addUser(store, { username: 'reza', password: 'a long password', role: 'inspector' });
    const a = (await takeNextFlag(store, 'khoy-2024', sara))!;
    const b = (await takeNextFlag(store, 'khoy-2024', reza))!;
    expect(a.rank).toBe(1);
    expect(b.rank).toBe(2); // not sara's
    expect((await takeNextFlag(store, 'khoy-2024', sara))!.id).toBe(a.id); // her own lock first
    await expect(decideFlag(store, 'khoy-2024', a.id, reza, { outcome: 'dismissed' })).rejects.toThrow(
      /being reviewed by sara/,
    );
    await expect(lockFlag(store, 'khoy-2024', a.id, reza)).rejects.toThrow(/being reviewed by sara/);
    store.advance(11 * 60); // locks last 10 minutes
    expect((await lockFlag(store, 'khoy-2024', a.id, reza)).username).toBe('reza');
    await store.close();
  });

  it_(`keeps locks and decisions right when many inspectors act at once on one store${backend.note}`, async () => {
    const store = await fresh();
    await importRun(store, run([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => flag(i))));
    const inspectors = [];
    for (const name of ['sara', 'reza', 'mina', 'omid'])
      inspectors.push(await addUser(store, { username: name, password: 'a long password', role: 'inspector' }));
    const decided = new Map<number, string>();
    // Each inspector: take the next flag, decide it, until the queue is empty; all four at once.
    await Promise.all(
      inspectors.map(async (user) => {
        for (;;) {
          const flag = await takeNextFlag(store, 'khoy-2024', user);
          if (!flag) return;
          expect(decided.has(flag.id)).toBe(false);
          await decideFlag(store, 'khoy-2024', flag.id, user, { outcome: 'confirmed' });
          decided.set(flag.id, user.username);
        }
      }),
    );
    expect(decided.size).toBe(12);
    expect((await listFlags(store, 'khoy-2024')).counts).toEqual({
      pending: 0,
      confirmed: 12,
      dismissed: 0,
      'field-visit': 0,
    });
    expect((await auditLog(store, { limit: 1000 })).filter((e) => e.action === 'decision.add').length).toBe(12);
    await store.close();
  });

  it_(
    `records decisions once: undo by the author, reopen by a supervisor, validation by someone else${backend.note}`,
    async () => {
      const store = await fresh();
      await importRun(store, run());
      const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
      const boss = await addUser(store, { username: 'boss', password: 'a long password', role: 'supervisor' });
      const id = (await takeNextFlag(store, 'khoy-2024', sara))!.id;
      expect((await decideFlag(store, 'khoy-2024', id, sara, { outcome: 'field-visit' })).status).toBe('field-visit');
      await expect(decideFlag(store, 'khoy-2024', id, sara, { outcome: 'confirmed' })).rejects.toThrow(
        /already field-visit/,
      );
      await expect(undoDecision(store, 'khoy-2024', id, boss)).rejects.toThrow(/only the author/);
      expect((await undoDecision(store, 'khoy-2024', id, sara)).status).toBe('pending');
      await decideFlag(store, 'khoy-2024', id, sara, { outcome: 'confirmed', legalCategory: 1 });
      await expect(validateDecision(store, 'khoy-2024', id, sara)).rejects.toThrow(/cannot validate their own/);
      expect((await validateDecision(store, 'khoy-2024', id, boss)).decisions.at(-1)!.validatedBy).toBe(boss.id);
      const reopened = await reopenFlag(store, 'khoy-2024', id, boss, 'wrong parcel');
      expect(reopened.status).toBe('pending');
      expect(reopened.decisions.map((d) => [d.outcome, d.supersededAt !== null])).toEqual([
        ['field-visit', true],
        ['confirmed', true],
      ]);
      expect((await auditLog(store, { subject: `flag:${id}` })).map((e) => e.action)).toEqual([
        'decision.reopen',
        'decision.validate',
        'decision.add',
        'decision.undo',
        'decision.add',
      ]);
      await expect(store.sql.run('DELETE FROM audit')).rejects.toThrow(/append-only/);
      await expect(store.sql.run("UPDATE audit SET action = 'x'")).rejects.toThrow(/append-only/);
      await store.close();
    },
  );

  it_(`signs users in with scrypt hashes, sessions that expire, and API tokens${backend.note}`, async () => {
    const store = await clockStore(await backend.location());
    const user = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    await expect(addUser(store, { username: 'sara', password: 'another long one', role: 'planner' })).rejects.toThrow(
      /exists already/,
    );
    await expect(addUser(store, { username: 'x/y', password: 'a long password', role: 'planner' })).rejects.toThrow(
      /user name/,
    );
    expect((await store.sql.get<{ h: string }>('SELECT password_hash AS h FROM users'))!.h).toMatch(
      /^scrypt\$16384\$8\$1\$/,
    );
    expect(await checkPassword(store, 'sara', 'a long password')).toMatchObject({ id: user.id });
    expect(await checkPassword(store, 'sara', 'wrong password')).toBeNull();
    expect(await checkPassword(store, 'nobody', 'a long password')).toBeNull();
    const session = await createSession(store, user, 1);
    expect((await findSession(store, session.token))?.user.username).toBe('sara');
    expect(await store.sql.get('SELECT count(*) AS n FROM sessions WHERE token_hash = ?', [session.token])).toEqual({
      n: 0,
    }); // only the hash is kept
    store.advance(3601);
    expect(await findSession(store, session.token)).toBeNull();
    const s2 = await createSession(store, user);
    await endSession(store, s2.token);
    expect(await findSession(store, s2.token)).toBeNull();
    const { token } = await createApiToken(store, user.id, 'nightly import');
    expect((await findApiToken(store, token))?.id).toBe(user.id);
    expect(await findApiToken(store, `${token}x`)).toBeNull();
    await store.close();
  });

  it_(`keeps a decision once the call returned, seen by a second connection${backend.note}`, async () => {
    const location = await backend.location();
    const store = await openStore(location);
    await importRun(store, run());
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const id = (await takeNextFlag(store, 'khoy-2024', sara))!.id;
    await decideFlag(store, 'khoy-2024', id, sara, { outcome: 'dismissed', note: 'shadow' });
    const again = await openStore(location); // a second connection sees it before the first closes
    expect((await getFlag(again, 'khoy-2024', id)).decisions.map((d) => [d.outcome, d.note])).toEqual([
      ['dismissed', 'shadow'],
    ]);
    await again.close();
    await store.close();
  });
});
