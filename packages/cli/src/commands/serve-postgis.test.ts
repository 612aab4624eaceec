import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, openStore, type Store } from '@payesh/store';
import { needPostgres, startPostgres, writeCity, type PostgresServer } from '@payesh/testkit';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';

/**
 * Two `payesh serve` processes on one PostGIS database, several inspectors at once on each: the locks
 * and decisions hold across processes, and what the API answered 200 to is in the database.
 */
const pgCheck = needPostgres();
const root = new URL('../../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'payesh-serve-pg-'));
const children: ChildProcess[] = [];
const PASSWORD = 'inspector pass 1403';
let pg: PostgresServer | undefined;
let database: { url: string; drop(): Promise<void> } | undefined;
let observer: Store | undefined;

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await observer?.close();
  await database?.drop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function serve(url: string): Promise<{ child: ChildProcess; base: string; ended: Promise<number | null> }> {
  const child = spawn('./payesh', ['serve', '--db', url, '--port', '0', '--admin-password', 'first admin pass'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const ended = once(child, 'exit').then(([code]) => code as number | null);
  for (let i = 0; i < 600 && !/http:\/\/\S+\//.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const base = /(http:\/\/\S+)\//.exec(out)?.[1];
  if (!base) throw new Error(`serve did not start: ${out} ${err}`);
  return { child, base, ended };
}

class Inspector {
  cookie = '';
  csrf = '';
  constructor(
    readonly base: string,
    readonly username: string,
  ) {}
  async signIn(): Promise<void> {
    const res = await fetch(`${this.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    this.csrf = ((await res.json()) as { csrf: string }).csrf;
  }
  post(path: string, body: unknown = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
}

const it_ = pgCheck.skip ? it.skip : it;

describe(`payesh serve on PostGIS${pgCheck.note}`, () => {
  beforeAll(async () => {
    if (pgCheck.skip) return;
    pgCheck.assert();
    pg = await startPostgres();
    database = await pg.createDatabase();
    const city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
    const out = join(dir, 'khoy-2024');
    const compared = await run([
      'compare',
      ...['--before', city.before, '--after', city.after, '--parcels', city.parcels, '--permits', city.permits],
      ...['--out', out, '--db', database.url, '--workers', '1'],
    ]);
    expect(compared.err).toBe('');
    expect(compared.out).toMatch(/run "khoy-2024" imported into postgres:\/\/postgres@127\.0\.0\.1:\d+\/payesh_test_/);
    expect((await run(['import', out, '--db', database.url])).out).toMatch(/^run "khoy-2024": unchanged, \d+ flags/);
    observer = await openStore(database.url); // a connection of its own, apart from both servers
    for (let i = 1; i <= 6; i++)
      await addUser(observer, { username: `inspector${i}`, password: PASSWORD, role: 'inspector' });
  }, 180_000);

  it_(
    'keeps locks and decisions right with two servers and six inspectors at once',
    async () => {
      const [a, b] = await Promise.all([serve(database!.url), serve(database!.url)]);
      const pending = (await observer!.sql.get<{ n: number }>(
        "SELECT count(*) AS n FROM flags WHERE status = 'pending' AND category != 'information'",
      ))!.n;
      expect(pending).toBeGreaterThan(6);
      const inspectors = Array.from(
        { length: 6 },
        (_, i) => new Inspector(i % 2 ? b.base : a.base, `inspector${i + 1}`),
      );
      for (const inspector of inspectors) await inspector.signIn();
      const handedOut = new Map<number, string>();
      const twice: string[] = [];
      const notStored: number[] = [];
      await Promise.all(
        inspectors.map(async (inspector, i) => {
          for (;;) {
            const next = await inspector.post('/api/runs/khoy-2024/queue/next');
            if (next.status === 204) return;
            expect(next.status).toBe(200);
            const flag = (await next.json()) as { id: number };
            if (handedOut.has(flag.id)) twice.push(`${flag.id}: ${handedOut.get(flag.id)} and ${inspector.username}`);
            handedOut.set(flag.id, inspector.username);
            const outcome = (['confirmed', 'dismissed', 'field-visit'] as const)[(flag.id + i) % 3];
            const decided = await inspector.post(`/api/runs/khoy-2024/flags/${flag.id}/decisions`, { outcome });
            expect(decided.status).toBe(200);
            // Answered 200: committed, so a connection of its own sees it at once.
            const stored = await observer!.sql.get<{ outcome: string }>(
              'SELECT d.outcome FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.flag_id = ? AND u.username = ? AND d.superseded_at IS NULL',
              [flag.id, inspector.username],
            );
            if (stored?.outcome !== outcome) notStored.push(flag.id);
          }
        }),
      );
      expect(twice).toEqual([]);
      expect(notStored).toEqual([]);
      expect(handedOut.size).toBe(pending);
      // Both servers served: the inspectors of each took flags.
      expect(new Set([...handedOut.values()]).size).toBe(6);
      const count = async (sql: string) => (await observer!.sql.get<{ n: number }>(sql))!.n;
      expect(await count('SELECT count(*) AS n FROM decisions')).toBe(pending);
      expect(
        await count(
          'SELECT count(*) AS n FROM (SELECT flag_id FROM decisions WHERE superseded_at IS NULL GROUP BY flag_id HAVING count(*) > 1) x',
        ),
      ).toBe(0);
      expect(await count("SELECT count(*) AS n FROM audit WHERE action = 'decision.add'")).toBe(pending);
      expect(
        await count(
          "SELECT count(*) AS n FROM flags f LEFT JOIN decisions d ON d.flag_id = f.id AND d.superseded_at IS NULL WHERE f.status != COALESCE(d.outcome, 'pending')",
        ),
      ).toBe(0);
      expect(
        await count("SELECT count(*) AS n FROM flags WHERE status = 'pending' AND category != 'information'"),
      ).toBe(0);
      expect(await count('SELECT count(*) AS n FROM locks')).toBe(0);
      // The GIS view shows every decision with its parcel geometry.
      expect(
        await count('SELECT count(*) AS n FROM flags_for_gis WHERE decision IS NOT NULL AND geom IS NOT NULL'),
      ).toBe(pending);
      for (const s of [a, b]) s.child.kill('SIGTERM');
      expect(await Promise.all([a.ended, b.ended])).toEqual([0, 0]);
      // The other commands on the same database: a report of the confirmed flags, the users.
      const csv = join(dir, 'confirmed.csv');
      const report = await run([
        'report',
        '--db',
        database!.url,
        '--run',
        'khoy-2024',
        '--format',
        'csv',
        '--out',
        csv,
      ]);
      expect(report.code).toBe(EXIT.ok);
      const confirmed = await count("SELECT count(*) AS n FROM flags WHERE status = 'confirmed'");
      expect(readFileSync(csv, 'utf8').trim().split('\n').length - 1).toBe(confirmed);
      expect((await run(['user', 'list', '--db', database!.url])).out).toMatch(/\tinspector6\tinspector\tactive\t/);
    },
    240_000,
  );

  it_(
    'refuses a database it cannot use in one line naming it, the password hidden',
    async () => {
      const refused = await run(['import', dir, '--db', 'postgres://sara:s3cret-pw@127.0.0.1:1/payesh']);
      expect(refused.code).not.toBe(EXIT.ok);
      expect(refused.err).not.toContain('s3cret-pw');
      expect(refused.err.trim().split('\n')).toHaveLength(1);
      const missing = await run([
        'user',
        'list',
        '--db',
        `${pg!.url.replace('postgres@', 'postgres:s3cret-pw@')}/no_such_db`,
      ]);
      expect(missing.code).not.toBe(EXIT.ok);
      expect(missing.err).toMatch(/postgres:\*\*\*@127\.0\.0\.1:\d+\/no_such_db.*database "no_such_db" does not exist/);
      expect(missing.err).not.toContain('s3cret-pw');
    },
    60_000,
  );
});
