import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFolder, User } from '@payesh/contract';
import type { FlagFeatures } from '@payesh/core';
import {
  addUser,
  auditLog,
  decideFlag,
  getFlag,
  importRun,
  listFlags,
  openStore,
  rankingState,
  reopenFlag,
  rankRun,
  setRankingEnabled,
  takeNextFlag,
  type Store,
} from './index.js';
import { storeBackends } from './testing/backends.js';
import { compareRecordFixture, flagFeature } from '@payesh/testkit';

/** A deterministic generator, so that each run has the same flags. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Flags whose truth an inspector can see and the original order cannot: vegetation lost (green_change
 * below zero) is a removed tree, dismissed; everything else is confirmed. Confidence is unrelated.
 */
function flags(n: number, seed: number, withFeatures = true) {
  const rnd = random(seed);
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const tree = rnd() < 0.5;
    const features: FlagFeatures = {
      score_mean: 0.5 + rnd() / 2,
      score_max: 1,
      score_above_share: 1,
      area_m2: 40 + rnd() * 200,
      compactness: rnd(),
      elongation: rnd(),
      holes: 0,
      parts: 1,
      parcel_changed_share: rnd(),
      outside_share: rnd() / 2,
      edge_distance_m: rnd() * 10,
      permitted_ratio: null,
      removed_share: 0,
      green_change: tree ? -0.05 - rnd() / 10 : rnd() / 10,
      bright_change: rnd() - 0.5,
    };
    const feature = flagFeature(i, {
      new_built_m2: features.area_m2,
      confidence: 1 - i / (n + 1),
      district: `منطقه ${1 + (i % 3)}`,
      features: withFeatures ? features : null,
    });
    return { truth: !tree, feature };
  });
}

const record = compareRecordFixture();

async function importFlags(store: Store, id: string, made: ReturnType<typeof flags>, admin: User): Promise<void> {
  const folder: RunFolder = { id, dir: `/runs/${id}`, runJson: record, flags: made.map((f) => f.feature) };
  await importRun(store, folder, admin.id);
}

/** An inspector who knows the truth decides the queue's next `count` flags. */
async function decideNext(store: Store, run: string, count: number, inspector: User, truth: Map<string, boolean>) {
  for (let k = 0; k < count; k++) {
    const next = (await takeNextFlag(store, run, inspector))!;
    await decideFlag(store, run, next.id, inspector, {
      outcome: truth.get(next.flagKey) ? 'confirmed' : 'dismissed',
    });
  }
}

describe.each(storeBackends())('learned ranking on $name', (backend) => {
  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown(), 60_000);
  const it_ = backend.skip ? it.skip : it;

  async function setUp(n = 160) {
    const store = await openStore(await backend.location());
    const admin = await addUser(store, { username: 'admin', password: 'correct horse battery', role: 'admin' });
    const inspector = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const made = flags(n, 7);
    await importFlags(store, 'khoy-2024', made, admin);
    const truth = new Map(made.map((f) => [f.feature.properties.flag_id, f.truth]));
    return { store, admin, inspector, made, truth };
  }

  it_(`re-ranks the pending flags by what inspectors decided, and the queue follows${backend.note}`, async () => {
    const { store, admin, inspector, truth } = await setUp();
    await decideNext(store, 'khoy-2024', 60, inspector, truth);
    const record = await rankRun(store, 'khoy-2024', { user: admin });
    expect(record).toMatchObject({
      applied: true,
      reason: null,
      decided: 60,
      folds: 5,
      source: 'user',
      by: 'admin',
      ranked: 100,
    });
    expect(record.averagePrecision!).toBeGreaterThan(record.baselineAveragePrecision!);
    expect(record.modelVersion).toMatch(/^[0-9a-f]{16}$/);

    // Every pending flag is still there, each with a probability; the queue takes the most probable.
    const pending = (await listFlags(store, 'khoy-2024', { status: ['pending'], sort: 'queue', pageSize: 500 })).items;
    expect(pending).toHaveLength(100);
    expect(pending.every((f) => f.probability !== null)).toBe(true);
    const probabilities = pending.map((f) => f.probability!);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    const next = (await takeNextFlag(store, 'khoy-2024', inspector))!;
    expect(next.id).toBe(pending[0]!.id);
    expect(next.ranking!.probability).toBe(pending[0]!.probability);
    expect(next.ranking!.reasons.length).toBeGreaterThan(0);
    expect(next.ranking!.reasons.length).toBeLessThanOrEqual(3);
    expect(next.ranking!.modelVersion).toBe(record.modelVersion);
    // The model learned the pattern: the top 30 pending are mostly true, the bottom 30 mostly not.
    const share = (list: typeof pending) => list.filter((f) => truth.get(f.flagKey)).length / list.length;
    expect(share(pending.slice(0, 30))).toBeGreaterThan(0.9);
    expect(share(pending.slice(-30))).toBeLessThan(0.1);
    // And it says why: vegetation change is among the reasons of nearly every flag.
    const green = await Promise.all(pending.slice(0, 10).map((f) => getFlag(store, 'khoy-2024', f.id)));
    expect(green.filter((f) => f.ranking!.reasons.some((r) => r.column === 'green_change')).length).toBeGreaterThan(7);

    const [entry] = (await auditLog(store)).filter((e) => e.action === 'ranking.apply');
    expect(entry).toMatchObject({ subject: 'run:khoy-2024', userId: admin.id });
    expect(entry!.details).toMatchObject({
      model_version: record.modelVersion,
      average_precision: record.averagePrecision,
      baseline_average_precision: record.baselineAveragePrecision,
      decided: 60,
    });
    await store.close();
  });

  it_(`is switched off by supervisors only, and the queue returns to the original order${backend.note}`, async () => {
    const { store, admin, inspector, truth } = await setUp();
    await decideNext(store, 'khoy-2024', 60, inspector, truth);
    await rankRun(store, 'khoy-2024');
    await expect(setRankingEnabled(store, 'khoy-2024', false, inspector)).rejects.toThrow(/supervisors and admins/);
    const state = await setRankingEnabled(store, 'khoy-2024', false, admin);
    expect(state).toMatchObject({ enabled: false, decisionsSince: 0 });
    const pending = (await listFlags(store, 'khoy-2024', { status: ['pending'], sort: 'queue', pageSize: 500 })).items;
    expect(pending.every((f) => f.probability === null)).toBe(true);
    expect(pending.map((f) => f.rank)).toEqual([...pending.map((f) => f.rank)].sort((a, b) => a - b));
    const next = (await takeNextFlag(store, 'khoy-2024', inspector))!;
    expect(next.rank).toBe(61);
    expect(next.ranking).toBeNull();
    expect((await setRankingEnabled(store, 'khoy-2024', true, admin)).enabled).toBe(true);
    expect((await getFlag(store, 'khoy-2024', next.id)).ranking).not.toBeNull();
    expect((await auditLog(store)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['ranking.apply', 'ranking.disable', 'ranking.enable']),
    );
    await store.close();
  });

  it_(`keeps the order and says why with too few decisions${backend.note}`, async () => {
    const { store, inspector, truth } = await setUp();
    await decideNext(store, 'khoy-2024', 4, inspector, truth);
    const record = await rankRun(store, 'khoy-2024');
    expect(record).toMatchObject({ applied: false, modelVersion: null, ranked: 0, decided: 4 });
    expect(record.reason).toMatch(/needs at least 5 confirmed and 5 dismissed/);
    const state = await rankingState(store, 'khoy-2024');
    expect(state.latest!.id).toBe(record.id);
    await decideNext(store, 'khoy-2024', 3, inspector, truth);
    expect((await rankingState(store, 'khoy-2024')).decisionsSince).toBe(3);
    expect((await auditLog(store)).filter((e) => e.action === 'ranking.skip')).toHaveLength(1);
    expect((await listFlags(store, 'khoy-2024', { pageSize: 500 })).items.every((f) => f.probability === null)).toBe(
      true,
    );
    await store.close();
  });

  it_(`puts the queue back in the original order when a later ranking does not validate${backend.note}`, async () => {
    const { store, admin, inspector, truth } = await setUp();
    await decideNext(store, 'khoy-2024', 60, inspector, truth);
    expect((await rankRun(store, 'khoy-2024')).applied).toBe(true);
    // A supervisor reopens all but four decisions: too few to learn from.
    const decided = (await listFlags(store, 'khoy-2024', { status: ['confirmed', 'dismissed'], pageSize: 500 })).items;
    for (const f of decided.slice(4)) await reopenFlag(store, 'khoy-2024', f.id, admin, 'again');
    const again = await rankRun(store, 'khoy-2024');
    expect(again).toMatchObject({ applied: false, ranked: 0, decided: 4 });
    const pending = (await listFlags(store, 'khoy-2024', { status: ['pending'], sort: 'queue', pageSize: 500 })).items;
    expect(pending.every((f) => f.probability === null)).toBe(true);
    expect(pending.map((f) => f.rank)).toEqual([...pending.map((f) => f.rank)].sort((a, b) => a - b));
    await store.close();
  });

  it_(`starts the next date ranked from the decisions of an earlier run (--from-run)${backend.note}`, async () => {
    const { store, admin, inspector, truth } = await setUp();
    await decideNext(store, 'khoy-2024', 60, inspector, truth);
    const next = flags(80, 99);
    await importFlags(store, 'khoy-2025', next, admin);
    const record = await rankRun(store, 'khoy-2025', { fromRuns: ['khoy-2024'] });
    expect(record).toMatchObject({ applied: true, fromRuns: ['khoy-2025', 'khoy-2024'], decided: 60, ranked: 80 });
    const truth2 = new Map(next.map((f) => [f.feature.properties.flag_id, f.truth]));
    const top = (await listFlags(store, 'khoy-2025', { sort: 'queue', pageSize: 30 })).items;
    expect(top.filter((f) => truth2.get(f.flagKey)).length).toBeGreaterThan(27);
    // Later rankings of the run (the server's, rank now, payesh rank without --from-run) learn from the same runs.
    expect((await rankRun(store, 'khoy-2025')).fromRuns).toEqual(['khoy-2025', 'khoy-2024']);
    expect((await rankRun(store, 'khoy-2025', { fromRuns: [] })).fromRuns).toEqual(['khoy-2025']);
    await expect(rankRun(store, 'khoy-2025', { fromRuns: ['nope'] })).rejects.toThrow(/no run "nope" to learn from/);
    await store.close();
  });

  it_(`refuses runs made before flags had features, naming them${backend.note}`, async () => {
    const { store, admin, inspector } = await setUp(10);
    const old = flags(20, 3, false);
    await importFlags(store, 'old-run', old, admin);
    for (let k = 0; k < 12; k++) {
      const f = (await takeNextFlag(store, 'old-run', inspector))!;
      await decideFlag(store, 'old-run', f.id, inspector, { outcome: k % 2 ? 'confirmed' : 'dismissed' });
    }
    await expect(rankRun(store, 'old-run')).rejects.toThrow(/"old-run" have no features/);
    await store.close();
  });
});
