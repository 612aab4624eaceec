import Database from 'better-sqlite3';
import { DataError } from '@payesh/core';
import { migrate } from './migrations.js';

/** An open store: the database and the clock every record's time comes from. */
export interface Store {
  readonly db: Database.Database;
  /** ISO timestamp now (a parameter so tests can move time). */
  readonly now: () => Date;
  close(): void;
}

export interface StoreOptions {
  readonly now?: () => Date;
}

/**
 * Opens (creating if needed) the SQLite store at `path` (":memory:" for a throwaway one): WAL, foreign
 * keys, synchronous=FULL so that what a call committed survives a crash of the process or the
 * machine, and every migration applied.
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw new DataError(`cannot open the store: ${(error as Error).message}`, { file: path, cause: error });
  }
  return { db, now: options.now ?? (() => new Date()), close: () => db.close() };
}

export const iso = (store: Store, offsetSeconds = 0): string => new Date(store.now().getTime() + offsetSeconds * 1000).toISOString();
