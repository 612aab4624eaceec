import type { CommonPasswords } from './password-policy.js';
import { loadCommonPasswords } from './password-policy.js';
import type { Sql } from './sql/sql.js';
import { isPostgresUrl, openPostgresSql } from './open-postgres.js';
import { openSqliteSql } from './open-sqlite.js';

/** An open store: its SQL (SQLite or PostGIS) and the clock every record's time comes from. */
export interface Store {
  readonly sql: Sql;
  /** Where it is, safe to print: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** ISO timestamp now (a parameter so tests can move time). */
  readonly now: () => Date;
  /** The common passwords the password policy refuses (read on first use). */
  readonly commonPasswords: () => CommonPasswords;
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly now?: () => Date;
  /** PostgreSQL: connections in the pool (default 10). */
  readonly poolSize?: number;
  /** PostgreSQL: how long to wait for a connection before giving up (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the store at `location`: a `postgres://` or `postgresql://` URL is a
 * PostGIS database, anything else a SQLite file (":memory:" for a throwaway one). Every migration is
 * applied. A database that cannot be reached or used throws a DataError naming it (password hidden).
 */
export async function openStore(location: string, options: StoreOptions = {}): Promise<Store> {
  const opened = isPostgresUrl(location) ? await openPostgresSql(location, options) : openSqliteSql(location);
  let common: CommonPasswords | undefined;
  return {
    sql: opened.sql,
    location: opened.location,
    now: options.now ?? (() => new Date()),
    commonPasswords: () => (common ??= loadCommonPasswords()),
    close: () => opened.sql.close(),
  };
}

/** The same store with its statements running in transaction `tx` (for the store's own functions). */
export const inTransaction = (store: Store, tx: Sql): Store => ({ ...store, sql: tx });

/** Runs `fn` in one transaction of the store, committed before the promise resolves. */
export const transaction = <T>(store: Store, fn: (tx: Store) => Promise<T>): Promise<T> =>
  store.sql.transaction((tx) => fn(inTransaction(store, tx)));

export const iso = (store: Store, offsetSeconds = 0): string =>
  new Date(store.now().getTime() + offsetSeconds * 1000).toISOString();
