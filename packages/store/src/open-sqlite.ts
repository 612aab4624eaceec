import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DataError } from '@payesh/core';
import { migrateSqlite } from './migrations.js';
import { sqliteSql } from './sql/sqlite-sql.js';
import type { Sql } from './sql/sql.js';
import { fillNameKeys } from './user-names.js';

/**
 * The store holds password hashes and session secrets: its file is created readable by its owner only
 * (0600; SQLite gives the -wal and -shm files the database file's mode), and an existing file readable
 * by others is narrowed to 0600.
 */
function ownerOnly(path: string): void {
  if (path === ':memory:' || path === '') return;
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`])
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/**
 * Opens (creating if needed) the SQLite store at `path`: WAL, foreign keys, synchronous=FULL so that
 * what a call committed survives a crash of the process or the machine, and every migration applied.
 */
export function openSqliteSql(path: string): { sql: Sql; location: string } {
  let db: Database.Database;
  try {
    ownerOnly(path);
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateSqlite(db);
    fillNameKeys(db);
  } catch (error) {
    throw new DataError(`cannot open the store: ${(error as Error).message}`, { file: path, cause: error });
  }
  return { sql: sqliteSql(db), location: path };
}
