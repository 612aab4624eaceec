import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { needPostgres, startPostgres, type PostgresServer } from '@payesh/testkit';

/**
 * A backend the store's test suite runs against. `location()` gives a new, empty store each time: a
 * SQLite file in a temp folder, or a schema of its own in a database made for the test file (PostGIS
 * in `public`, dropped with the database after the file).
 */
export interface StoreBackend {
  readonly name: 'sqlite' | 'postgis';
  /** Skip this backend's tests (PostgreSQL or PostGIS missing outside CI), said in their titles. */
  readonly skip: boolean;
  readonly note: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  location(): Promise<string>;
}

export function sqliteBackend(): StoreBackend {
  let dir = '';
  let n = 0;
  return {
    name: 'sqlite',
    skip: false,
    note: '',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'payesh-store-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async location() {
      return join(dir, `store-${++n}.db`);
    },
  };
}

export function postgisBackend(): StoreBackend {
  const check = needPostgres();
  let server: PostgresServer | undefined;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let n = 0;
  return {
    name: 'postgis',
    skip: check.skip,
    note: check.note,
    async setup() {
      check.assert();
      server = await startPostgres();
      db = await server.createDatabase();
    },
    async teardown() {
      await db?.drop();
      await server?.stop();
    },
    async location() {
      const schema = `store_${++n}`;
      // A schema per store: the tables of one test never meet another's; PostGIS stays in public.
      const admin = new pg.Client({ connectionString: db!.url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      return `${db!.url}?options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
    },
  };
}

/** Both backends, for `describe.each`. */
export const storeBackends = (): StoreBackend[] => [sqliteBackend(), postgisBackend()];
