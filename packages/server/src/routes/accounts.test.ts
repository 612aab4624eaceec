import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, openStore, type Store } from '@payesh/store';
import { createApp, type ServerConfig } from '../index.js';
import { Client, PASSWORD } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const json = async (res: Response): Promise<any> => res.json();

interface Running {
  readonly base: string;
  close(): Promise<void>;
}

/** The real app on a real port over `store` (no run needed for accounts). */
async function listen(store: Store, config: Partial<ServerConfig> = {}): Promise<Running> {
  const { app, close } = createApp(store, { log: () => undefined, tileThreads: 0, ...config });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await close();
    },
  };
}

/** A clock that stands still until the test moves it. */
function testClock(): { now: () => Date; advance(seconds: number): void } {
  let t = Date.now();
  return { now: () => new Date(t), advance: (s: number) => void (t += s * 1000) };
}

/** A store file with an admin and two inspectors, and a clock the test can move. */
async function usersStore(name: string, clock = testClock()): Promise<Store & { advance(seconds: number): void }> {
  const store = await openStore(join(dir, name), { now: clock.now });
  for (const [username, role] of [
    ['admin', 'admin'],
    ['sara', 'inspector'],
    ['reza', 'inspector'],
  ] as const)
    await addUser(store, { username, password: PASSWORD, role });
  return Object.assign(store, { advance: clock.advance });
}

const signInFrom = (base: string, username: string, password: string, forwardedFor?: string): Promise<Response> =>
  fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ username, password }),
  });

const bearer = (base: string, path: string, token: string, method = 'GET'): Promise<Response> =>
  fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

describe('sign-in limits', () => {
  it('backs an account off with 429 and Retry-After, keeps it across a restart, and leaves other accounts at the same address alone', async () => {
    const clock = testClock();
    const store = await usersStore('limits.db', clock);
    let server = await listen(store);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signInFrom(server.base, 'sara', 'wrong password!')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await server.close();
    await store.close();

    const reopened = await openStore(join(dir, 'limits.db'), { now: clock.now });
    server = await listen(reopened); // a restart on the same store file
    const limited = await signInFrom(server.base, 'sara', PASSWORD);
    expect([limited.status, limited.headers.get('retry-after'), await json(limited)]).toEqual([
      429,
      '1',
      { error: 'too many failed sign-ins for this account or from this address; try again in 1 s', retryAfter: 1 },
    ]);
    expect((await signInFrom(server.base, 'reza', PASSWORD)).status).toBe(200); // same address, other account
    clock.advance(1);
    expect((await signInFrom(server.base, 'sara', PASSWORD)).status).toBe(200); // the wait is over, and the right password resets it
    expect((await signInFrom(server.base, 'sara', 'wrong password!')).status).toBe(401);
    await server.close();
    await reopened.close();
  });

  it('takes the client address from X-Forwarded-For only with trustProxy', async () => {
    const store = await usersStore('proxy.db');
    const signInLimits = { account: 100, ip: 3, firstWaitSeconds: 60, maxWaitSeconds: 900, forgetSeconds: 3600 };
    for (const [trustProxy, expected] of [
      [false, [401, 401, 401, 429, 429]],
      [1, [401, 401, 401, 401, 401]],
    ] as const) {
      store.advance(7200); // forget earlier failures
      const server = await listen(store, { trustProxy, signInLimits });
      const statuses: number[] = [];
      // Five different clients behind one proxy (or one client lying about its address).
      for (let i = 1; i <= 5; i++)
        statuses.push((await signInFrom(server.base, `guess${i}`, 'wrong password!', `203.0.113.${i}`)).status);
      expect([trustProxy, statuses]).toEqual([trustProxy, expected]);
      await server.close();
    }
    await store.close();
  });
});

describe('API tokens', () => {
  it('expire, are listed and revoked by their owner or an admin, and die with their user', async () => {
    const store = await usersStore('tokens.db');
    const server = await listen(store);
    try {
      const [sara, reza, admin] = [new Client(server.base), new Client(server.base), new Client(server.base)];
      await sara.signIn('sara');
      await reza.signIn('reza');
      await admin.signIn('admin');
      const week = await json(await sara.post('/api/tokens', { label: 'one week', days: 7 }));
      const nightly = await json(await sara.post('/api/tokens', { label: 'nightly' }));
      expect(Date.parse(nightly.expiresAt) - store.now().getTime()).toBe(90 * 86_400_000);
      expect((await sara.post('/api/tokens', { label: 'forever', days: 5000 })).status).toBe(400);
      expect((await bearer(server.base, '/api/session', week.token)).status).toBe(200);

      const own = await json(await sara.get('/api/tokens'));
      expect(own.tokens.map((t: { label: string; username: string }) => [t.label, t.username])).toEqual([
        ['nightly', 'sara'],
        ['one week', 'sara'],
      ]);
      expect(JSON.stringify(own)).not.toMatch(/pt_|hash/);
      expect((await json(await reza.get('/api/tokens'))).tokens).toEqual([]);
      expect((await reza.get('/api/tokens?user=sara')).status).toBe(403);
      expect((await json(await admin.get('/api/tokens?user=sara'))).tokens).toHaveLength(2);
      expect(
        (
          await fetch(`${server.base}/api/tokens/${week.id}`, {
            method: 'DELETE',
            headers: { cookie: reza.cookie, 'x-csrf-token': reza.csrf },
          })
        ).status,
      ).toBe(404);

      store.advance(8 * 86_400);
      const expired = await bearer(server.base, '/api/session', week.token);
      expect([expired.status, await json(expired)]).toEqual([401, { error: 'unknown, expired or revoked API token' }]);
      expect((await bearer(server.base, '/api/session', nightly.token)).status).toBe(200);
      expect((await bearer(server.base, `/api/tokens/${nightly.id}`, nightly.token, 'DELETE')).status).toBe(204); // the owner revokes it
      expect((await bearer(server.base, '/api/session', nightly.token)).status).toBe(401);

      await sara.signIn('sara'); // the sessions of 8 days ago ended
      await admin.signIn('admin');
      const last = await json(await sara.post('/api/tokens', { label: 'last' }));
      const disabled = await fetch(`${server.base}/api/users/${own.tokens[0].userId}`, {
        method: 'PATCH',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ disabled: true }),
      });
      expect([disabled.status, (await json(disabled)).user?.disabled]).toEqual([200, true]);
      expect([
        (await bearer(server.base, '/api/session', last.token)).status,
        (await sara.get('/api/session')).status,
      ]).toEqual([401, 401]);
    } finally {
      await server.close();
      await store.close();
    }
  });
});

describe('users', () => {
  it('signs in with outer spaces around the user name and adds names without them', async () => {
    const store = await usersStore('spaces.db');
    await addUser(store, { username: 'ali', password: PASSWORD, role: 'inspector' });
    const server = await listen(store);
    try {
      for (const name of ['ali ', ' Ali', 'ali'])
        expect((await signInFrom(server.base, name, PASSWORD)).status, name).toBe(200);
      const admin = new Client(server.base);
      await admin.signIn('admin');
      const added = await admin.post('/api/users', { username: ' nima ', password: PASSWORD, role: 'inspector' });
      expect([added.status, (await json(added)).user.username]).toEqual([201, 'nima']);
      expect((await signInFrom(server.base, 'nima ', PASSWORD)).status).toBe(200);
    } finally {
      await server.close();
      await store.close();
    }
  });
  it('refuses weak passwords and look-alike names in one JSON line, sets passwords and removes users', async () => {
    const store = await usersStore('users.db');
    const server = await listen(store);
    try {
      const admin = new Client(server.base);
      await admin.signIn('admin');
      const cases: [unknown, number, string][] = [
        [
          { username: 'nima', password: 'short', role: 'inspector' },
          400,
          'a password needs at least 12 characters (this one has 5)',
        ],
        [
          { username: 'nima', password: 'Password2024!', role: 'inspector' },
          400,
          'this password is one of the 10,000 most common ones; choose another',
        ],
        [
          { username: 'sаra', password: PASSWORD, role: 'inspector' },
          400,
          'user name "sаra" mixes alphabets (for example Latin and Cyrillic letters); use one',
        ],
        [
          { username: 'Sara', password: PASSWORD, role: 'inspector' },
          409,
          'user name "Sara" looks like the existing user "sara"; choose another',
        ],
      ];
      for (const [body, status, error] of cases) {
        const res = await admin.post('/api/users', body);
        expect([res.status, await json(res)]).toEqual([status, { error }]);
      }
      const users = (await json(await admin.get('/api/users'))).users as { id: number; username: string }[];
      const reza = users.find((u) => u.username === 'reza')!;
      const patch = (body: unknown) =>
        fetch(`${server.base}/api/users/${reza.id}`, {
          method: 'PATCH',
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await patch({ password: 'qwerty123456' })).status).toBe(400);
      expect((await patch({ password: 'a fresh passphrase' })).status).toBe(200);
      expect((await new Client(server.base).signIn('reza', 'a fresh passphrase')).status).toBe(200);
      const removed = await fetch(`${server.base}/api/users/${reza.id}`, {
        method: 'DELETE',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      expect(removed.status).toBe(204);
      expect((await new Client(server.base).signIn('reza', 'a fresh passphrase')).status).toBe(401);
      expect(
        (await json(await admin.get('/api/users'))).users.find((u: { id: number }) => u.id === reza.id),
      ).toMatchObject({ username: 'reza', removed: true });
      expect(
        (
          await fetch(`${server.base}/api/users/abc`, {
            method: 'DELETE',
            headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
          })
        ).status,
      ).toBe(400);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
