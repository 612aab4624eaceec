/**
 * The README's main command, after set-up: the demo city (scripts/make-demo-city.ts) through
 * `payesh compare` into runs/demo and the store runs/demo.db, two demo users, then `payesh serve`
 * with the built web UI. Prints the URL and the credentials; Ctrl-C stops it.
 *
 * Run: npm run demo   (or, set up: pnpm demo:serve [--port 8080]). SIGINT or SIGTERM stops the server cleanly:
 * the scripts end in `exec`, so the signal reaches this process, not a shell in between.
 */
import { parseArgs } from 'node:util';
import { runCli, type CommandContext } from '@payesh/cli';
import { addUser, openStore } from '@payesh/store';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const input = 'runs/demo-city/input';
const db = 'runs/demo.db';
const controller = new AbortController();
// As in the CLI's bin.ts: an AbortError that names the signal, so serve says how it was stopped.
// Later signals while stopping are ignored (Ctrl-C reaches a command through a terminal and npm/pnpm at
// once): the stop runs to its end; SIGKILL still ends a stuck process.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => controller.signal.aborted || controller.abort(new DOMException(signal, 'AbortError')));
const ctx: CommandContext = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  signal: controller.signal,
  isTerminal: process.stderr.isTTY === true,
};

const ADMIN_PASSWORD = 'payesh-admin-1403';
const USERS = [
  { username: 'admin', password: ADMIN_PASSWORD, role: 'admin' as const },
  { username: 'sara', password: 'payesh-demo-1403', role: 'inspector' as const },
  { username: 'boss', password: 'payesh-demo-1403', role: 'supervisor' as const },
  { username: 'pia', password: 'payesh-demo-1403', role: 'planner' as const },
];

let code = await runCli(
  [
    'compare',
    '--before',
    `${input}/before.tif`,
    '--after',
    `${input}/after.tif`,
    '--parcels',
    `${input}/parcels.geojson`,
    '--permits',
    `${input}/permits.csv`,
    '--out',
    'runs/demo',
    '--overwrite',
    '--db',
    db,
  ],
  ctx,
);
if (code === 0) {
  const store = await openStore(db);
  for (const u of USERS) await addUser(store, u).catch(() => undefined); // already there on a second run
  await store.close();
  console.log(
    `\nDemo users (password ${USERS[1]!.password}): ${USERS.slice(1)
      .map((u) => `${u.username} (${u.role})`)
      .join(', ')}; admin password ${ADMIN_PASSWORD}.`,
  );
  console.log(
    `Open the URL below, sign in as sara, and review with the keyboard (? lists the keys). After every 50 decisions the queue learns from them (docs/ranking.md). Ctrl-C stops the server.\n`,
  );
  code = await runCli(['serve', '--db', db, '--port', values.port!, '--host', values.host!, '--rank-every', '50'], ctx);
}
process.exitCode = code;
