import { existsSync } from 'node:fs';
import { InputError } from '@payesh/core';
import { isPostgresUrl, openStore, redactUrl, type Store } from '@payesh/store';

/** What `--db` takes: a SQLite file, or a PostgreSQL (PostGIS) URL. */
export const DB_OPTION_HELP = 'the store: a SQLite file, or a postgres:// URL (PostGIS)';

/** The store as messages name it: the file, or the URL without its password. */
export const storeName = (db: string): string => (isPostgresUrl(db) ? redactUrl(db) : db);

/** Refuses a SQLite store file that does not exist (a PostgreSQL database is checked by connecting to it). */
export function checkStoreExists(db: string, hint: string): void {
  if (!isPostgresUrl(db) && !existsSync(db)) throw new InputError(`no such store (${hint})`, { file: db });
}

/** Runs `work` on the store at `db`, closed afterwards; a missing store is refused unless `create`. */
export async function withStore<T>(
  db: string,
  work: (store: Store) => T | Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  if (!options.create) checkStoreExists(db, 'see payesh serve or payesh import');
  const store = await openStore(db);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
