import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { benchCityRun } from '../bench-city.js';
import { startServe, type ServeProcess } from '../soak/serve-process.js';
import { startCli } from './cli-process.js';

interface DecisionLoadOptions {
  readonly root: string;
  readonly benchDir: string;
  /** postgres://... of a database this benchmark may drop and create. */
  readonly db: string;
  /** Lock, decide and undo rounds of each inspector (all answered before the check). */
  readonly rounds: number;
  readonly inspectors: number;
  /** How many flags the inspectors fight over (fewer: more conflicts). */
  readonly flags: number;
}

export interface DecisionLoad {
  readonly lines: string[];
  readonly problems: string[];
}

const PASSWORD = 'scale bench passphrase 1405';

/** Runs SQL on the database of `url` with psql; rows as arrays of strings. */
function psql(url: string, sql: string): string[][] {
  const r = spawnSync('psql', [url, '-XAtq', '-F', '\t', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${new URL(url).pathname}: ${r.stderr.trim()}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

function recreateDatabase(url: string): void {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`${url}: use a plain database name`);
  admin.pathname = '/postgres';
  psql(admin.href, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(admin.href, `CREATE DATABASE ${name}`);
}

async function cli(root: string, args: readonly string[], env: Record<string, string> = {}): Promise<void> {
  const p = startCli(root, args, env);
  const code = await p.exited;
  if (code !== 0) throw new Error(`payesh ${args[0]} exited ${code}: ${p.stderr().trim()}`);
}

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

async function signIn(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrf: string }).csrf };
}

type Kind = 'lock' | 'decide' | 'undo';
type Tally = Record<Kind, Map<number, number>>;

/**
 * One inspector as one autocannon connection: lock a random flag of `ids`, decide it, take the decision
 * back, `rounds` times. Answers are counted by kind and status.
 */
function inspectorLoad(
  base: string,
  run: string,
  session: Session,
  ids: readonly number[],
  rounds: number,
  tally: Tally,
) {
  let flag = ids[0]!;
  const count = (kind: Kind) => (status: number) => tally[kind].set(status, (tally[kind].get(status) ?? 0) + 1);
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' };
  return autocannon({
    url: base,
    connections: 1,
    amount: 3 * rounds,
    headers,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          flag = ids[Math.floor(Math.random() * ids.length)]!;
          return { ...req, path: `/api/runs/${run}/flags/${flag}/lock` };
        },
        onResponse: count('lock'),
      },
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `/api/runs/${run}/flags/${flag}/decisions`,
          body: JSON.stringify({ outcome: Math.random() < 0.5 ? 'confirmed' : 'dismissed' }),
        }),
        onResponse: count('decide'),
      },
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, path: `/api/runs/${run}/flags/${flag}/undo`, body: '{}' }),
        onResponse: count('undo'),
      },
    ],
  });
}

const ok = (m: Map<number, number>): number => m.get(200) ?? 0;
const statuses = (m: Map<number, number>): string =>
  [...m.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}x${s}`)
    .join(' ');

/** What the database must say after the load, given what the servers acknowledged. */
function consistencyProblems(db: string, run: string, tally: Tally): string[] {
  const problems: string[] = [];
  const one = (sql: string): number => Number(psql(db, sql)[0]![0]);
  const flags = `(SELECT id FROM flags WHERE run_id = '${run}')`;
  const decisions = one(`SELECT count(*) FROM decisions WHERE flag_id IN ${flags}`);
  if (decisions !== ok(tally.decide)) problems.push(`${ok(tally.decide)} decisions acknowledged, ${decisions} stored`);
  const superseded = one(`SELECT count(*) FROM decisions WHERE superseded_at IS NOT NULL AND flag_id IN ${flags}`);
  if (superseded !== ok(tally.undo))
    problems.push(`${ok(tally.undo)} undos acknowledged, ${superseded} decisions superseded`);
  const doubled = one(
    `SELECT count(*) FROM (SELECT flag_id FROM decisions WHERE superseded_at IS NULL AND flag_id IN ${flags} GROUP BY flag_id HAVING count(*) > 1) d`,
  );
  if (doubled) problems.push(`${doubled} flags hold more than one current decision`);
  const wrongStatus = one(
    `SELECT count(*) FROM flags f LEFT JOIN decisions d ON d.flag_id = f.id AND d.superseded_at IS NULL
     WHERE f.run_id = '${run}' AND f.status <> coalesce(d.outcome, 'pending')`,
  );
  if (wrongStatus) problems.push(`${wrongStatus} flags whose status is not their current decision`);
  const audited = (action: string): number => one(`SELECT count(*) FROM audit WHERE action = '${action}'`);
  if (audited('decision.add') !== decisions)
    problems.push(`${decisions} decisions, ${audited('decision.add')} in the audit log`);
  if (audited('decision.undo') !== superseded)
    problems.push(`${superseded} undone, ${audited('decision.undo')} undos in the audit log`);
  return problems;
}

/**
 * Two `payesh serve` processes on one PostGIS database, `inspectors` signed in alternately on each,
 * deciding as fast as they go; then the database is checked against the answers.
 */
export async function decisionLoad(o: DecisionLoadOptions): Promise<DecisionLoad> {
  recreateDatabase(o.db);
  const { run: runDir } = await benchCityRun(o.benchDir);
  await cli(o.root, ['import', runDir, '--db', o.db]);
  await cli(o.root, ['user', 'add', 'admin', '--role', 'admin', '--db', o.db], { PAYESH_PASSWORD: PASSWORD });
  const servers: ServeProcess[] = [await startServe(o.db), await startServe(o.db)];
  try {
    const admin = await signIn(servers[0]!.base, 'admin');
    for (let i = 0; i < o.inspectors; i++) {
      const res = await fetch(`${servers[0]!.base}/api/users`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ username: `inspector${i}`, password: PASSWORD, role: 'inspector' }),
      });
      if (res.status !== 201) throw new Error(`adding inspector${i}: ${res.status} ${await res.text()}`);
    }
    const run = psql(o.db, 'SELECT id FROM runs LIMIT 1')[0]![0]!;
    const ids = psql(
      o.db,
      `SELECT id FROM flags WHERE run_id = '${run}' AND category <> 'information' ORDER BY id LIMIT ${o.flags}`,
    ).map((r) => Number(r[0]));
    const tally: Tally = { lock: new Map(), decide: new Map(), undo: new Map() };
    const sessions = await Promise.all(
      Array.from({ length: o.inspectors }, (_, i) => signIn(servers[i % 2]!.base, `inspector${i}`)),
    );
    const results = await Promise.all(
      sessions.map((s, i) => inspectorLoad(servers[i % 2]!.base, run, s, ids, o.rounds, tally)),
    );
    const requests = results.reduce((n, r) => n + r.requests.total, 0);
    const seconds = Math.max(...results.map((r) => r.duration));
    const p50 = results.map((r) => r.latency.p50).sort((a, b) => a - b);
    const p99 = Math.max(...results.map((r) => r.latency.p99));
    const lines = [
      `two payesh serve processes on one PostGIS database, ${o.inspectors} inspectors (one connection each, alternately on each server), ${ids.length} flags shared, ${seconds.toFixed(1)} s:`,
      `  ${requests} requests, ${(requests / seconds).toFixed(0)}/s; decisions stored ${(ok(tally.decide) / seconds).toFixed(1)}/s; latency p50 ${p50[Math.floor(p50.length / 2)]} ms (median inspector), p99 ${p99} ms (worst inspector)`,
      `  lock: ${statuses(tally.lock)}; decide: ${statuses(tally.decide)}; undo: ${statuses(tally.undo)} (409/403: someone else held the flag or its decision)`,
    ];
    const problems = consistencyProblems(o.db, run, tally);
    lines.push(
      problems.length
        ? `  database: ${problems.length} problems`
        : '  database: every acknowledged decision and undo stored once, one current decision per flag, statuses and audit log agree',
    );
    return { lines, problems };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
