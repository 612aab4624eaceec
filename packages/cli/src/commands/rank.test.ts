import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankingRecord } from '@payesh/contract';
import { addUser, decideFlag, listFlags, openStore } from '@payesh/store';
import { writeCity } from '@payesh/testkit';
import { EXIT } from '../index.js';
import { compareArgs } from '../testing/compare-args.js';
import { runCaptured as run } from '../testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-rank-'));
const db = join(dir, 'payesh.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
  expect((await run([...compareArgs(city, join(dir, 'khoy')), '--db', db, '--workers', '1'])).code).toBe(EXIT.ok);
  const store = await openStore(db);
  const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
  // This city's inspector confirms missing and expired permits and dismisses the rest.
  const queued = (await listFlags(store, 'khoy', { category: ['violation', 'candidate'], sort: 'rank' })).items;
  for (const f of queued.slice(0, 24))
    await decideFlag(store, 'khoy', f.id, sara, {
      outcome: f.violation === 'no-permit' || f.violation === 'expired-permit' ? 'confirmed' : 'dismissed',
    });
  await store.close();
}, 180_000);

describe('payesh rank', () => {
  it("re-ranks a run's pending flags from its decisions and says how it validated", async () => {
    const r = await run(['rank', '--db', db, '--run', 'khoy']);
    expect([r.code, r.err]).toEqual([EXIT.ok, '']);
    expect(r.out).toMatch(
      /^run "khoy": ranked \d+ pending flags by the probability that an inspector confirms them, learned from 24 decisions \(\d+ confirmed, \d+ dismissed\); k-fold average precision 0\.\d{3} vs 0\.\d{3} for the original order \(\d folds\); model [0-9a-f]{16}; fit \d+\.\d\d s, store \d+\.\d\d s\n$/,
    );
    const json = await run(['rank', '--db', db, '--run', 'khoy', '--json']);
    const record = JSON.parse(json.out) as RankingRecord;
    expect(record).toMatchObject({
      runId: 'khoy',
      applied: true,
      decided: 24,
      source: 'cli',
      by: null,
      fromRuns: ['khoy'],
    });
    const store = await openStore(db);
    const pending = (
      await listFlags(store, 'khoy', {
        status: ['pending'],
        category: ['violation', 'candidate'],
        sort: 'queue',
        pageSize: 500,
      })
    ).items;
    await store.close();
    expect(pending.length).toBe(record.ranked);
    expect(pending.every((f) => f.probability !== null)).toBe(true);
  });

  it('keeps the order of a run with too few decisions and says why in one line', async () => {
    expect((await run(['import', join(dir, 'khoy'), '--db', db, '--name', 'khoy-again'])).code).toBe(EXIT.ok);
    const r = await run(['rank', '--db', db, '--run', 'khoy-again']);
    expect([r.code, r.err]).toEqual([EXIT.ok, '']);
    expect(r.out).toBe(
      'run "khoy-again": order kept (the original order), the model was not applied: needs at least 5 confirmed and 5 dismissed flags (has 0 and 0)\n',
    );
  });

  it('refuses what is not there in one line, with a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['rank', '--db', db, '--run', 'nope'], /^payesh: no run "nope"\n$/],
      [['rank', '--db', db, '--run', 'khoy', '--from-run', 'gone'], /^payesh: no run "gone" to learn from\n$/],
      [['rank', '--db', join(dir, 'missing.db'), '--run', 'khoy'], /missing\.db: no such store/],
      [['rank', '--db', db], /required option '--run <run>'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code).not.toBe(EXIT.ok);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
