import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { underCi } from '../tools.js';

const run = promisify(execFile);

/** Where Debian puts PostgreSQL 15's server programs ($PG_BIN overrides). */
export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** The file PostGIS's extension needs on the server (Debian: postgresql-15-postgis-3). */
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';

type Env = Readonly<Record<string, string | undefined>>;

/** A PostgreSQL server for tests: on its standard port when one answers, else a throwaway cluster. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT` (trust auth, user postgres): add `/database`. */
  readonly url: string;
  readonly port: number;
  /** True when the tests started it (and `stop` ends it). */
  readonly own: boolean;
  /** A fresh database with PostGIS, `payesh_test_<random>`: its URL, and a function that drops it. */
  createDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }>;
  /** Stops a server the tests started (by its pid) and deletes its folder; nothing for a shared one. */
  stop(): Promise<void>;
}

export interface PostgresCheck {
  /** Skip: PostgreSQL's programs or PostGIS are not installed and this is not CI. */
  readonly skip: boolean;
  /** For a test's title: ' (skipped: ...)' when skipping, else ''. */
  readonly note: string;
  /** Throws naming what to install when something is missing (call it first, under CI it fails the tests). */
  assert(): void;
}

/** Whether PostgreSQL 15 and PostGIS are installed here (needed for a throwaway cluster, and for PostGIS at all). */
export function needPostgres(env: Env = process.env): PostgresCheck {
  const missing: string[] = [];
  if (!existsSync(join(PG_BIN, 'postgres'))) missing.push(`PostgreSQL 15 (${PG_BIN}/postgres)`);
  if (!existsSync(POSTGIS_CONTROL)) missing.push('PostGIS');
  const what = `${missing.join(' and ')} not installed (apt-get install postgresql postgresql-15-postgis-3)`;
  const skip = missing.length > 0 && !underCi(env);
  return {
    skip,
    note: skip ? ` (skipped: ${what})` : '',
    assert() {
      if (missing.length > 0) throw new Error(`${what}; under CI the tests that need it fail rather than skip`);
    },
  };
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs SQL as the superuser with psql (testkit keeps no database client of its own). */
async function psql(port: number, database: string, sql: string): Promise<void> {
  await run(
    join(PG_BIN, 'psql'),
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      database,
      '-v',
      'ON_ERROR_STOP=1',
      '-qAt',
      '-c',
      sql,
    ],
    {
      env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
    },
  );
}

/**
 * PostgreSQL for a test file: the server on 127.0.0.1:5432 when one answers there (user postgres, trust
 * auth, as on the project's machines and CI), else a throwaway cluster initialised in a temp folder,
 * listening on 127.0.0.1 and a free port, stopped by its pid when done (`useShared: false` always starts
 * one). `signal` aborts the start.
 */
export async function startPostgres(
  options: { signal?: AbortSignal; useShared?: boolean } = {},
): Promise<PostgresServer> {
  const signal = options.signal;
  if (options.useShared !== false && (await answers(5432))) return serverAt(5432, null);
  signal?.throwIfAborted();
  const dir = mkdtempSync(join(tmpdir(), 'payesh-pg-'));
  const data = join(dir, 'data');
  try {
    // PostgreSQL refuses to run as root: then the cluster belongs to the Debian package's user postgres.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const ids = await Promise.all(['-u', '-g'].map(async (f) => Number((await run('id', [f, 'postgres'])).stdout)));
      chownSync(dir, ids[0]!, ids[1]!);
    }
    const server = (program: string, args: string[]) =>
      asRoot
        ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args], { signal })
        : run(join(PG_BIN, program), args, { signal });
    await server('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    const port = await freePort();
    await server('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
      'start',
    ]);
    return serverAt(port, { dir, data });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function serverAt(port: number, own: { dir: string; data: string } | null): PostgresServer {
  const url = `postgres://postgres@127.0.0.1:${port}`;
  return {
    url,
    port,
    own: own !== null,
    async createDatabase() {
      const name = `payesh_test_${randomBytes(6).toString('hex')}`;
      await psql(port, 'postgres', `CREATE DATABASE ${name}`);
      await psql(port, name, 'CREATE EXTENSION IF NOT EXISTS postgis');
      return {
        url: `${url}/${name}`,
        name,
        drop: () => psql(port, 'postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      };
    },
    async stop() {
      if (!own) return;
      const pidFile = join(own.data, 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
      if (Number.isInteger(pid) && pid > 0) {
        process.kill(pid, 'SIGINT'); // fast shutdown
        for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
      }
      rmSync(own.dir, { recursive: true, force: true });
    },
  };
}
