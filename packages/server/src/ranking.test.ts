import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagDetail, FlagPage, RankingRecord, RankingState } from '@payesh/contract';
import { auditLog } from '@payesh/store';
import { cityRun, Client, signedInClient, startServer, type Running } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-ranking-'));
let server: Running;
beforeAll(async () => {
  // A ranking thread (tileThreads > 0 puts fitting on a worker thread) and background ranking every 10 decisions.
  server = await startServer(await cityRun(dir), join(dir, 'payesh.db'), { tileThreads: 1, rankEvery: 10 });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What this test's inspector decides: permits missing or expired are confirmed, the rest dismissed. */
const confirms = (f: FlagDetail): boolean => f.violation === 'no-permit' || f.violation === 'expired-permit';

describe('learned ranking through the API', () => {
  it('ranks in the background after every 10 decisions, and the queue and the card follow', async () => {
    const sara = await signedInClient(server.base, 'sara');
    for (let k = 0; k < 24; k++) {
      const next = (await (await sara.post('/api/runs/khoy/queue/next')).json()) as FlagDetail;
      const decided = await sara.post(`/api/runs/khoy/flags/${next.id}/decisions`, {
        outcome: confirms(next) ? 'confirmed' : 'dismissed',
      });
      expect(decided.status).toBe(200);
    }
    await server.rankingIdle();
    const state = (await (await sara.get('/api/runs/khoy/ranking')).json()) as RankingState;
    // Decisions made while a ranking was fitting count as made after it, and start the next one when it is
    // done: once the server is idle, fewer than 10 decisions are left unranked.
    expect(state).toMatchObject({ enabled: true, decisionsSince: 24 - state.latest!.decided });
    expect(state.decisionsSince).toBeLessThan(10);
    expect(state.latest).toMatchObject({ applied: true, source: 'server', by: null });
    expect(state.latest!.averagePrecision!).toBeGreaterThan(state.latest!.baselineAveragePrecision!);
    const audit = (await auditLog(server.store)).filter((e) => e.action.startsWith('ranking.'));
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit.every((e) => e.userId === null)).toBe(true);

    const page = (await (
      await sara.get('/api/runs/khoy/flags?status=pending&category=violation,candidate&sort=queue&pageSize=500')
    ).json()) as FlagPage;
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((f) => f.probability !== null)).toBe(true);
    const next = (await (await sara.post('/api/runs/khoy/queue/next')).json()) as FlagDetail;
    expect(next.id).toBe(page.items[0]!.id);
    expect(next.ranking!.probability).toBe(page.items[0]!.probability);
    expect(next.ranking!.reasons.length).toBeGreaterThan(0);
    expect(next.ranking!.modelVersion).toBe(state.latest!.modelVersion);
  });

  it('lets supervisors switch ranking off and rank now; others get 403 with a JSON message', async () => {
    const sara = await signedInClient(server.base, 'sara');
    const pia = await signedInClient(server.base, 'pia');
    const boss = await signedInClient(server.base, 'boss');
    for (const [client, method] of [
      [sara, 'put'],
      [pia, 'post'],
    ] as const) {
      const refused =
        method === 'put'
          ? await client.put('/api/runs/khoy/ranking', { enabled: false })
          : await client.post('/api/runs/khoy/ranking');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: string }).error).toMatch(/needs the role supervisor or admin/);
    }
    const forged = await boss.put('/api/runs/khoy/ranking', { enabled: false }, { 'x-csrf-token': 'forged' });
    expect([forged.status, ((await forged.json()) as { error: string }).error]).toEqual([
      403,
      'missing or wrong x-csrf-token header',
    ]);
    expect((await new Client(server.base).get('/api/runs/khoy/ranking')).status).toBe(401);
    const extra = await boss.post('/api/runs/khoy/ranking', { x: 1 });
    expect([extra.status, ((await extra.json()) as { error: string }).error]).toEqual([
      400,
      'body: Unrecognized key: "x"',
    ]);
    const bad = await boss.put('/api/runs/khoy/ranking', { enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/enabled/);
    expect((await boss.put('/api/runs/nope/ranking', { enabled: false })).status).toBe(404);

    const off = (await (await boss.put('/api/runs/khoy/ranking', { enabled: false })).json()) as RankingState;
    expect(off.enabled).toBe(false);
    const page = (await (await sara.get('/api/runs/khoy/flags?status=pending&sort=queue')).json()) as FlagPage;
    expect(page.items.every((f) => f.probability === null)).toBe(true);
    expect(((await (await boss.put('/api/runs/khoy/ranking', { enabled: true })).json()) as RankingState).enabled).toBe(
      true,
    );

    const now = (await (await boss.post('/api/runs/khoy/ranking')).json()) as RankingRecord;
    expect(now).toMatchObject({ source: 'user', by: 'boss', decided: 24 });
    const history = (await (await sara.get('/api/runs/khoy/rankings')).json()) as { rankings: RankingRecord[] };
    expect(history.rankings[0]!.id).toBe(now.id);
    expect(history.rankings.map((r) => r.id)).toEqual([...history.rankings.map((r) => r.id)].sort((a, b) => b - a));
  });
});
