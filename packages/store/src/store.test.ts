import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunRecord, type CompareRunRecord, type FlagProperties, type RunFolder } from '@payesh/contract';
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

const dir = mkdtempSync(join(tmpdir(), 'payesh-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function flag(i: number, over: Partial<FlagProperties> = {}) {
  const properties: FlagProperties = {
    flag_id: `P${i}/no-permit`,
    rank: i,
    parcel_id: `P${i}`,
    violation: 'no-permit',
    category: 'violation',
    new_built_m2: 40 + i,
    removed_m2: 0,
    permitted_area_m2: null,
    permit_ids: [],
    confidence: 1 - i / 10,
    district: i % 2 ? 'منطقه ۱' : 'منطقه ۲',
    address: null,
    region_ids: [i],
    bbox: [45 + i / 1000, 38, 45 + i / 1000 + 0.0005, 38.0005],
    evidence: { type: 'MultiPolygon', coordinates: [] },
    permits: [],
    permit_footprints: null,
    ...over,
  };
  return {
    type: 'Feature' as const,
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [45, 38],
          [45.001, 38],
          [45.001, 38.001],
          [45, 38],
        ],
      ],
    },
    properties,
  };
}
/** A real compare record (demo city), its threshold changed. */
const record = {
  ...(parseRunRecord(
    JSON.parse(readFileSync(new URL('../../../fixtures/run-json/compare_2026-11-29.json', import.meta.url), 'utf8')),
  ) as CompareRunRecord),
  threshold: 0.3,
};
const run = (flags = [1, 2, 3, 4].map((i) => flag(i))): RunFolder => ({
  id: 'khoy-2024',
  dir: '/runs/khoy-2024',
  runJson: record,
  flags,
});

/** A store whose clock the test moves. */
function clockStore(path: string): Store & { advance(seconds: number): void } {
  let t = Date.parse('2026-01-01T08:00:00Z');
  const store = openStore(path, { now: () => new Date(t) });
  return Object.assign(store, { advance: (s: number) => void (t += s * 1000) });
}

describe('store', () => {
  it('migrates once and reopens the same file', () => {
    const path = join(dir, 'a.db');
    openStore(path).close();
    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('imports a run idempotently and keeps decisions when the run changes', async () => {
    const store = openStore(join(dir, 'b.db'));
    const admin = await addUser(store, { username: 'admin', password: 'correct horse battery', role: 'admin' });
    expect(importRun(store, run(), admin.id)).toEqual({ created: true, changed: true, flags: 4 });
    expect(importRun(store, run(), admin.id)).toEqual({ created: false, changed: false, flags: 4 });
    const inspector = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const first = listFlags(store, 'khoy-2024').items[0]!;
    decideFlag(store, 'khoy-2024', first.id, inspector, { outcome: 'confirmed', legalCategory: 2, note: 'نمای جدید' });
    // Re-run: flag 4 gone, 5 new, the decided one kept with its id and status.
    const changed = importRun(store, run([1, 2, 3, 5].map((i) => flag(i))), admin.id);
    expect(changed).toEqual({ created: false, changed: true, flags: 4 });
    const after = listFlags(store, 'khoy-2024', { sort: 'rank' }).items;
    expect(after.map((f) => f.flagKey)).toEqual(['P1/no-permit', 'P2/no-permit', 'P3/no-permit', 'P5/no-permit']);
    expect(after[0]).toMatchObject({ id: first.id, status: 'confirmed' });
    expect(listRuns(store)).toMatchObject([{ id: 'khoy-2024', flagCount: 4, pending: 3, beforeOn: '2023-05-08' }]);
    expect(() => importRun(store, { ...run(), id: '../etc' })).toThrow(/run name/);
    store.close();
  });

  it('filters, sorts and pages flags', async () => {
    const store = openStore(':memory:');
    importRun(
      store,
      run(
        [1, 2, 3, 4, 5, 6].map((i) =>
          flag(i, i === 6 ? { violation: 'exceeds-permit', flag_id: 'P6/exceeds-permit' } : {}),
        ),
      ),
    );
    expect(listFlags(store, 'khoy-2024', { violation: ['exceeds-permit'] }).items.map((f) => f.parcelId)).toEqual([
      'P6',
    ]);
    expect(listFlags(store, 'khoy-2024', { district: 'منطقه ۱' }).total).toBe(3);
    expect(listFlags(store, 'khoy-2024', { minConfidence: 0.55 }).items.map((f) => f.rank)).toEqual([1, 2, 3, 4]);
    const page2 = listFlags(store, 'khoy-2024', { sort: 'area', page: 2, pageSize: 2 });
    expect([page2.total, page2.items.map((f) => f.parcelId)]).toEqual([6, ['P4', 'P3']]);
    expect(
      listFlags(store, 'khoy-2024', { bbox: [45.0025, 37.9, 45.0035, 38.1] })
        .items.map((f) => f.parcelId)
        .sort(),
    ).toEqual(['P2', 'P3']);
    store.close();
  });

  it('pages by cursor without skipping flags while others are decided, and counts decided of all', async () => {
    const store = openStore(':memory:');
    // Ties in confidence (pairs), so the cursor must break them by rank and id.
    importRun(store, run([1, 2, 3, 4, 5, 6, 7].map((i) => flag(i, { confidence: 1 - Math.ceil(i / 2) / 10 }))));
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const pending = { status: ['pending'] as const, pageSize: 3 };
    const first = listFlags(store, 'khoy-2024', pending);
    expect(first.items.map((f) => f.parcelId)).toEqual(['P1', 'P2', 'P3']);
    expect(first.counts).toEqual({ pending: 7, confirmed: 0, dismissed: 0, 'field-visit': 0 });
    // Two of the first page decided meanwhile: offset paging would now skip P4 and P5.
    decideFlag(store, 'khoy-2024', first.items[0]!.id, sara, { outcome: 'confirmed' });
    decideFlag(store, 'khoy-2024', first.items[1]!.id, sara, { outcome: 'dismissed' });
    expect(listFlags(store, 'khoy-2024', { ...pending, page: 2 }).items.map((f) => f.parcelId)).toEqual(['P6', 'P7']);
    const second = listFlags(store, 'khoy-2024', { ...pending, after: first.items.at(-1)!.id });
    expect(second.items.map((f) => f.parcelId)).toEqual(['P4', 'P5', 'P6']);
    expect(
      listFlags(store, 'khoy-2024', { ...pending, after: second.items.at(-1)!.id }).items.map((f) => f.parcelId),
    ).toEqual(['P7']);
    expect(second.counts).toEqual({ pending: 5, confirmed: 1, dismissed: 1, 'field-visit': 0 });
    expect(second.total).toBe(5);
    expect(
      listFlags(store, 'khoy-2024', { sort: 'rank', after: first.items[2]!.id, pageSize: 2 }).items.map(
        (f) => f.parcelId,
      ),
    ).toEqual(['P4', 'P5']);
    store.close();
  });

  it('hands out the queue with locks that keep two inspectors apart and expire', async () => {
    const store = clockStore(':memory:');
    importRun(store, run());
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const reza = await addUser(store, { username: 'reza', password: 'a long password', role: 'inspector' });
    const a = takeNextFlag(store, 'khoy-2024', sara)!;
    const b = takeNextFlag(store, 'khoy-2024', reza)!;
    expect(a.rank).toBe(1);
    expect(b.rank).toBe(2); // not sara's
    expect(takeNextFlag(store, 'khoy-2024', sara)!.id).toBe(a.id); // her own lock first
    expect(() => decideFlag(store, 'khoy-2024', a.id, reza, { outcome: 'dismissed' })).toThrow(
      /being reviewed by sara/,
    );
    expect(() => lockFlag(store, 'khoy-2024', a.id, reza)).toThrow(/being reviewed by sara/);
    store.advance(11 * 60); // locks last 10 minutes
    expect(lockFlag(store, 'khoy-2024', a.id, reza).username).toBe('reza');
    store.close();
  });

  it('records decisions once: undo by the author, reopen by a supervisor, validation by someone else', async () => {
    const store = openStore(':memory:');
    importRun(store, run());
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const boss = await addUser(store, { username: 'boss', password: 'a long password', role: 'supervisor' });
    const id = takeNextFlag(store, 'khoy-2024', sara)!.id;
    expect(decideFlag(store, 'khoy-2024', id, sara, { outcome: 'field-visit' }).status).toBe('field-visit');
    expect(() => decideFlag(store, 'khoy-2024', id, sara, { outcome: 'confirmed' })).toThrow(/already field-visit/);
    expect(() => undoDecision(store, 'khoy-2024', id, boss)).toThrow(/only the author/);
    expect(undoDecision(store, 'khoy-2024', id, sara).status).toBe('pending');
    decideFlag(store, 'khoy-2024', id, sara, { outcome: 'confirmed', legalCategory: 1 });
    expect(() => validateDecision(store, 'khoy-2024', id, sara)).toThrow(/cannot validate their own/);
    expect(validateDecision(store, 'khoy-2024', id, boss).decisions.at(-1)!.validatedBy).toBe(boss.id);
    const reopened = reopenFlag(store, 'khoy-2024', id, boss, 'wrong parcel');
    expect(reopened.status).toBe('pending');
    expect(reopened.decisions.map((d) => [d.outcome, d.supersededAt !== null])).toEqual([
      ['field-visit', true],
      ['confirmed', true],
    ]);
    expect(auditLog(store, { subject: `flag:${id}` }).map((e) => e.action)).toEqual([
      'decision.reopen',
      'decision.validate',
      'decision.add',
      'decision.undo',
      'decision.add',
    ]);
    expect(() => store.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => store.db.prepare("UPDATE audit SET action = 'x'").run()).toThrow(/append-only/);
    store.close();
  });

  it('signs users in with scrypt hashes, sessions that expire, and API tokens', async () => {
    const store = clockStore(':memory:');
    const user = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    await expect(addUser(store, { username: 'sara', password: 'another long one', role: 'planner' })).rejects.toThrow(
      /exists already/,
    );
    await expect(addUser(store, { username: 'x/y', password: 'a long password', role: 'planner' })).rejects.toThrow(
      /user name/,
    );
    expect(store.db.prepare('SELECT password_hash FROM users').pluck().get()).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await checkPassword(store, 'sara', 'a long password')).toMatchObject({ id: user.id });
    expect(await checkPassword(store, 'sara', 'wrong password')).toBeNull();
    expect(await checkPassword(store, 'nobody', 'a long password')).toBeNull();
    const session = createSession(store, user, 1);
    expect(findSession(store, session.token)?.user.username).toBe('sara');
    expect(store.db.prepare('SELECT count(*) FROM sessions WHERE token_hash = ?').pluck().get(session.token)).toBe(0); // only the hash is kept
    store.advance(3601);
    expect(findSession(store, session.token)).toBeNull();
    const s2 = createSession(store, user);
    endSession(store, s2.token);
    expect(findSession(store, s2.token)).toBeNull();
    const { token } = createApiToken(store, user.id, 'nightly import');
    expect(findApiToken(store, token)?.id).toBe(user.id);
    expect(findApiToken(store, `${token}x`)).toBeNull();
    store.close();
  });

  it('keeps a decision once the call returned, across reopening the file', async () => {
    const path = join(dir, 'durable.db');
    const store = openStore(path);
    importRun(store, run());
    const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const id = takeNextFlag(store, 'khoy-2024', sara)!.id;
    decideFlag(store, 'khoy-2024', id, sara, { outcome: 'dismissed', note: 'shadow' });
    const again = openStore(path); // a second connection sees it before the first closes
    expect(getFlag(again, 'khoy-2024', id).decisions.map((d) => [d.outcome, d.note])).toEqual([
      ['dismissed', 'shadow'],
    ]);
    again.close();
    store.close();
  });
});
