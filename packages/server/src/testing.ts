import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Role } from '@payesh/contract';
import { readRunFolder } from '@payesh/io';
import { runCompareJob } from '@payesh/pipeline';
import { addUser, importRun, openStore, type Store } from '@payesh/store';
import { createApp, type ServerConfig } from './index.js';
import { writeCity } from '@payesh/testkit';

export const PASSWORD = 'a long enough password';

/** A compare run of a demo city (1024 px: 42 pending flags; 3072 px: 508), written once into `dir/run`. */
export async function cityRun(dir: string, size = 1024): Promise<string> {
  const city = await writeCity(join(dir, 'city'), { size, pixelM: 0.5, seed: 7 });
  const out = join(dir, 'run');
  await runCompareJob({
    options: { before: city.before, after: city.after, minAreaM2: 20, workers: 1 },
    parcels: city.parcels,
    permits: city.permits,
    out,
    version: 'test',
  });
  return out;
}

export interface Running {
  readonly base: string;
  readonly store: Store;
  /** Resolves when no background ranking runs. */
  rankingIdle(): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a real port with a store holding the run and one user per role. */
export async function startServer(
  runDir: string,
  dbPath: string,
  config: Partial<ServerConfig> = {},
): Promise<Running> {
  const store = await openStore(dbPath);
  await importRun(store, await readRunFolder(runDir, 'khoy'));
  const users: [string, Role][] = [
    ['admin', 'admin'],
    ['sara', 'inspector'],
    ['reza', 'inspector'],
    ['boss', 'supervisor'],
    ['pia', 'planner'],
  ];
  for (const [username, role] of users)
    await addUser(store, { username, password: PASSWORD, role }).catch(() => undefined);
  const { app, close, ranker } = createApp(store, { log: () => undefined, ...config });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    store,
    rankingIdle: () => ranker.idle(),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await close();
      await store.close();
    },
  };
}

/** A client signed in as `username` on the server at `base` (the sign-in checked). */
export async function signedInClient(base: string, username: string): Promise<Client> {
  const c = new Client(base);
  expect((await c.signIn(username)).status).toBe(200);
  return c;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async signIn(username: string, password = PASSWORD): Promise<Response> {
    const res = await fetch(`${this.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) {
      this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      this.csrf = ((await res.clone().json()) as { csrf: string }).csrf;
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: { cookie: this.cookie, ...headers } });
  }

  post(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('POST', path, body, headers);
  }

  put(path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Response> {
    return this.send('PUT', path, body, headers);
  }

  private send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: { cookie: this.cookie, 'content-type': 'application/json', 'x-csrf-token': this.csrf, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
}
