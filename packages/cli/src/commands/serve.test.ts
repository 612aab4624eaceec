import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@payesh/store';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';
import { writeCity } from '@payesh/testkit';
import { compareArgs } from '../testing/compare-args.js';

const root = new URL('../../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'payesh-serve-'));
const db = join(dir, 'payesh.db');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** What a child process printed and how it ended. */
interface Ended {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** `payesh serve` as its own process (the `./payesh` launcher); resolves with its base URL once it listens. */
async function serve(...extra: string[]): Promise<{ child: ChildProcess; base: string; ended: Promise<Ended> }> {
  const child = spawn(
    './payesh',
    ['serve', '--db', db, '--port', '0', '--admin-password', 'first admin pass', ...extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const ended = once(child, 'exit').then(([code]) => ({ code: code as number | null, out, err }));
  for (let i = 0; i < 600 && !/http:\/\/\S+\//.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const base = /(http:\/\/\S+)\//.exec(out)?.[1];
  if (!base) throw new Error(`serve did not start: ${out} ${err}`);
  return { child, base, ended };
}

async function signIn(base: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrf: string }).csrf };
}

beforeAll(async () => {
  const city = await writeCity(join(dir, 'city'), { size: 512, pixelM: 0.5, seed: 3 });
  const out = join(dir, 'khoy-2024');
  const compared = await run([...compareArgs(city, out), '--db', db, '--workers', '1']);
  expect(compared.err).toBe('');
  expect(compared.out).toMatch(/run "khoy-2024" imported into /);
  const again = await run(['import', out, '--db', db]);
  expect(again.out).toBe(`run "khoy-2024": unchanged, ${/^(\d+) flags/.exec(compared.out)![1]} flags, in ${db}\n`);
  expect(
    (await run(['user', 'add', 'sara', '--role', 'inspector', '--password', 'sara password 1', '--db', db])).code,
  ).toBe(EXIT.ok);
}, 120_000);

describe('payesh serve', () => {
  it('keeps a decision the API answered 200 to, even when the process is killed right after', async () => {
    const first = await serve();
    const sara = await signIn(first.base, 'sara', 'sara password 1');
    const next = await fetch(`${first.base}/api/runs/khoy-2024/queue/next`, {
      method: 'POST',
      headers: { cookie: sara.cookie, 'x-csrf-token': sara.csrf },
    });
    expect(next.status).toBe(200);
    const flag = (await next.json()) as { id: number };
    const decided = await fetch(`${first.base}/api/runs/khoy-2024/flags/${flag.id}/decisions`, {
      method: 'POST',
      headers: { cookie: sara.cookie, 'x-csrf-token': sara.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'confirmed', note: 'killed right after' }),
    });
    expect(decided.status).toBe(200);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await serve();
    const again = await signIn(second.base, 'sara', 'sara password 1');
    const got = (await (
      await fetch(`${second.base}/api/runs/khoy-2024/flags/${flag.id}`, { headers: { cookie: again.cookie } })
    ).json()) as { status: string; decisions: { outcome: string; note: string }[] };
    expect([got.status, got.decisions.map((d) => [d.outcome, d.note])]).toEqual([
      'confirmed',
      [['confirmed', 'killed right after']],
    ]);
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops cleanly on %s: says so, exits 0 within seconds, leaves the store closed',
    async (signal) => {
      const server = await serve();
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
      const keepAlive = fetch(`${server.base}/api/health`, { headers: { connection: 'keep-alive' } }); // an open connection must not hold it
      await keepAlive;
      const sent = Date.now();
      server.child.kill(signal);
      const ended = await server.ended;
      expect(Date.now() - sent).toBeLessThan(3000);
      expect([ended.code, ended.err, ended.out.split('\n').at(-2)]).toEqual([
        EXIT.ok,
        '',
        `payesh serve: stopped (${signal})`,
      ]);
      expect(existsSync(`${db}-wal`)).toBe(false); // closed: checkpointed, nothing to recover
      const store = await openStore(db);
      await store.close();
    },
  );

  it('stops cleanly when Ctrl-C arrives twice (a terminal and npm both pass it on): the second one does not cut the stop short', async () => {
    const server = await serve();
    server.child.kill('SIGINT');
    // The second Ctrl-C follows at once, as from a terminal and npm: while the stop runs. (After 50 ms it
    // could land once the stop was over and Node was exiting, where a signal ends the process anyway.)
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGINT');
    const ended = await server.ended;
    expect([ended.code, ended.err, ended.out.split('\n').at(-2)]).toEqual([
      EXIT.ok,
      '',
      'payesh serve: stopped (SIGINT)',
    ]);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });

  it('warns in one line when it listens beyond this machine over plain HTTP, not on the loopback address', async () => {
    const open = await serve('--host', '0.0.0.0');
    open.child.kill('SIGTERM');
    const ended = await open.ended;
    expect(ended.err).toBe(
      'payesh serve: warning: listening on 0.0.0.0 over plain HTTP: passwords and session cookies cross the network unencrypted (serve it behind TLS with --secure-cookies: docs/security.md)\n',
    );
    const local = await serve();
    local.child.kill('SIGTERM');
    expect((await local.ended).err).toBe('');
  });

  it('refuses a port in use in one line (exit 2), before it opens or creates the store', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = (taken.address() as AddressInfo).port;
    const fresh = join(dir, 'never-created.db');
    const child = spawn('./payesh', ['serve', '--db', fresh, '--port', String(port)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const [code] = await once(child, 'exit');
    taken.close();
    expect([code, err]).toEqual([
      EXIT.input,
      `payesh: --port ${port}: 127.0.0.1:${port} is already in use (stop what runs there or choose another --port)\n`,
    ]);
    expect(existsSync(fresh)).toBe(false);
  });

  it('refuses bad options in one line', async () => {
    const r = await run(['serve', '--db', db, '--port', '99999']);
    expect([r.code, r.err]).toEqual([EXIT.input, 'payesh: --port must be 0..65535, got "99999"\n']);
    for (const port of ['0x50', '8e3', ' 80'])
      expect((await run(['serve', '--db', db, '--port', port])).err).toBe(
        `payesh: --port must be 0..65535, got "${port}"\n`,
      );
    const p = await run(['serve', '--db', db, '--public-url', 'ftp://example.org']);
    expect([p.code, p.err]).toEqual([
      EXIT.input,
      'payesh: --public-url must be an http(s) URL without query, fragment or credentials, got "ftp://example.org"\n',
    ]);
    const u = await run(['user', 'add', 'x', '--role', 'king', '--password', 'long password', '--db', db]);
    expect([u.code, u.err]).toEqual([
      EXIT.input,
      'payesh: --role must be one of inspector, supervisor, planner, admin, got "king"\n',
    ]);
  });
});
