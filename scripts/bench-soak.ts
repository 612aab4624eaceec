/**
 * Soak (issue 14): mixed inspectors, a supervisor and a planner against one `payesh serve` process for
 * `--minutes` (queue, next flag with lock, flag, tiles, chips, decisions, undo, reopen, CSV/GeoJSON/PDF
 * reports), with the server's resident memory sampled every 5 s; then a burst of decisions as fast as
 * they go, SIGKILL in the middle of it, and a restart on the same store. Checks that every decision the
 * server acknowledged is in the store, every acknowledged undo/reopen superseded its decision, and the
 * audit log agrees with decisions and statuses. Exits 1 when any of that fails.
 *
 * Run: pnpm bench:soak [--minutes 10] [--inspectors 6] [--dwell 3000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from '@payesh/contract';
import { readRunFolder } from '@payesh/io';
import { addUser, importRun, openStore } from '@payesh/store';
import { benchCityRun } from './lib/bench-city.js';
import { seededRandom } from '@payesh/testkit';
import { auditProblems, durabilityProblems } from './lib/soak/checks.js';
import { SoakClient, Tally } from './lib/soak/client.js';
import { Ledger } from './lib/soak/ledger.js';
import { startServe } from './lib/soak/serve-process.js';
import { inspector, planner, supervisor, type Soak } from './lib/soak/users.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    inspectors: { type: 'string', default: '6' },
    dwell: { type: 'string', default: '3000' },
    burst: { type: 'string', default: '1500' },
  },
});
const durationMs = Number(values.minutes) * 60_000;
const inspectors = Number(values.inspectors);
const PASSWORD = 'soak test passphrase 1403';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const { run: runDir } = await benchCityRun(process.env.PAYESH_BENCH_DIR ?? '/tmp/payesh-bench');
const work = mkdtempSync(join(tmpdir(), 'payesh-soak-'));
const db = join(work, 'soak.db');
const setup = await openStore(db);
await importRun(setup, await readRunFolder(runDir, 'soak'));
const users: [string, Role][] = [
  ['admin', 'admin'],
  ['boss', 'supervisor'],
  ['pia', 'planner'],
  ...Array.from({ length: inspectors }, (_, i): [string, Role] => [`inspector${i + 1}`, 'inspector']),
];
for (const [username, role] of users) await addUser(setup, { username, password: PASSWORD, role });
const total = (await setup.sql.get<{ n: number }>('SELECT count(*) AS n FROM flags'))!.n;
// The planner's PDF: the district with the fewest flags (a report a planner makes for one neighbourhood).
const district = (await setup.sql.get<{ district: string }>(
  'SELECT district FROM flags WHERE district IS NOT NULL GROUP BY district ORDER BY count(*) LIMIT 1',
))!.district;
await setup.close();

let server = await startServe(db);
console.log(
  `soak: ${server.base}, ${total} flags, ${inspectors} inspectors + supervisor + planner for ${values.minutes} min (store ${db})`,
);
const tally = new Tally();
const soak: Soak = { run: 'soak', ledger: new Ledger(), dwellMs: Number(values.dwell), phase: 'steady', killed: false };
const client = async (name: string): Promise<SoakClient> => {
  const c = new SoakClient(server.base, tally);
  await c.signIn(name, PASSWORD);
  return c;
};
const loops: Promise<void>[] = [];
for (const [name, role] of users) {
  const c = await client(name);
  if (role === 'inspector') loops.push(inspector(soak, c, name, seededRandom(100 + loops.length)));
  if (role === 'supervisor') loops.push(supervisor(soak, c, seededRandom(7), Math.round(total * 0.3)));
  if (role === 'planner') loops.push(planner(soak, c, district));
}
const everyLoop = Promise.all(loops);
everyLoop.catch(() => undefined);

// Resident memory every 5 s while the soak runs.
const rss: [number, number][] = [];
const started = performance.now();
while (performance.now() - started < durationMs) {
  rss.push([(performance.now() - started) / 1000, server.rssMiB()]);
  await Promise.race([sleep(5000), everyLoop]);
}
const steady = { decisions: soak.ledger.decisions.size, superseded: soak.ledger.superseded.size };

// A burst of decisions, killed in the middle.
soak.phase = 'burst';
await sleep(Number(values.burst));
const inFlightAcks = soak.ledger.decisions.size;
soak.killed = true;
await server.kill();
soak.phase = 'stop';
await everyLoop;
console.log(
  `killed with SIGKILL during the burst: ${inFlightAcks - steady.decisions} decisions acknowledged in ${values.burst} ms of burst`,
);

// Restart on the same store: every acknowledged decision must be there, and the audit log must agree.
const restartStarted = performance.now();
server = await startServe(db);
const restartMs = performance.now() - restartStarted;
const check = await client('boss');
const sample = [...soak.ledger.decisions.values()].slice(-50);
let servedMissing = 0;
for (const acked of sample) {
  const flag = (await (await check.get('check', `/api/runs/soak/flags/${acked.flagId}`)).json()) as {
    decisions: { id: number }[];
  };
  if (!flag.decisions.some((d) => d.id === acked.id)) servedMissing++;
}
const exitCode = await server.stop();
const store = await openStore(db);
const problems = [...(await durabilityProblems(store, soak.ledger)), ...(await auditProblems(store))];
if (servedMissing > 0)
  problems.push(`${servedMissing} of the last 50 acknowledged decisions not served after the restart`);
const auditRows = (await store.sql.get<{ n: number }>('SELECT count(*) AS n FROM audit'))!.n;
await store.close();

const pct = (v: number[], p: number): number =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))] ?? NaN;
console.log('\nrequests (ms, whole answer):');
for (const [kind, ms] of [...tally.ms].sort()) {
  const statuses = [...tally.statuses.get(kind)!].map(([s, n]) => `${s}x${n}`).join(' ');
  console.log(
    `  ${kind.padEnd(16)} n ${String(ms.length).padStart(6)}  p50 ${pct(ms, 50).toFixed(1).padStart(8)}  p95 ${pct(ms, 95).toFixed(1).padStart(8)}  max ${Math.max(
      ...ms,
    )
      .toFixed(1)
      .padStart(8)}  ${statuses}`,
  );
}
const serverErrors = [...tally.statuses.values()].reduce(
  (n, m) => n + [...m].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0),
  0,
);
if (serverErrors > 0) problems.push(`${serverErrors} answers with a 5xx status`);

// Memory: after a warm-up of a fifth of the soak (at least a minute), the trend by least squares.
const warm = Math.max(60, durationMs / 5000);
const after = rss.filter(([t]) => t >= warm);
const median = (v: number[]): number => pct(v, 50);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const tMean = mean(after.map(([t]) => t));
const mMean = mean(after.map(([, m]) => m));
const slope =
  after.reduce((a, [t, m]) => a + (t - tMean) * (m - mMean), 0) / after.reduce((a, [t]) => a + (t - tMean) ** 2, 0);
const firstMinute = median(after.filter(([t]) => t < warm + 60).map(([, m]) => m));
const lastMinute = median(rss.filter(([t]) => t >= durationMs / 1000 - 60).map(([, m]) => m));
console.log(
  `\nserver RSS: ${rss[0]?.[1].toFixed(0)} MiB at start; after the ${warm.toFixed(0)} s warm-up median ${firstMinute.toFixed(0)} MiB in its first minute, ${lastMinute.toFixed(0)} MiB in the last; max ${Math.max(...rss.map(([, m]) => m)).toFixed(0)} MiB; trend ${(slope * 60).toFixed(2)} MiB/min`,
);
console.log(
  `decisions acknowledged: ${soak.ledger.decisions.size} (${steady.decisions} in the soak, ${soak.ledger.decisions.size - steady.decisions} in the burst); undone or reopened: ${soak.ledger.superseded.size}; audit entries: ${auditRows}`,
);
console.log(`restart after SIGKILL: listening in ${restartMs.toFixed(0)} ms; clean stop exit ${exitCode}`);
console.log(
  problems.length === 0
    ? 'durability and audit: every acknowledged decision present, audit log consistent'
    : `PROBLEMS:\n  ${problems.join('\n  ')}`,
);
if (problems.length === 0) rmSync(work, { recursive: true, force: true });
process.exitCode = problems.length === 0 ? 0 : 1;
