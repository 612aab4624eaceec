import { chmodSync, closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DataError } from '@payesh/core';
import { migrateSqlite } from './migrations.js';
import { sqliteSql } from './sql/sqlite-sql.js';
import type { Sql } from './sql/sql.js';
import { fillNameKeys } from './user-names.js';

/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses, before touching it, a path that cannot be a store: a folder, or a file that is neither empty
 * nor an SQLite database (a mistyped `--db README.md` must not change that file, not even its mode).
 */
function checkIsStore(path: string): void {
  const info = statSync(path);
  if (info.isDirectory()) throw new Error('it is a folder, not a store file');
  if (!info.isFile()) throw new Error('it is not a regular file');
  if (info.size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER))
    throw new Error('it is not a Payesh store (not an SQLite database); nothing was changed');
}

/**
 * The store holds password hashes and session secrets: its file is created readable by its owner only
 * (0600; SQLite gives the -wal and -shm files the database file's mode), and an existing store readable
 * by others is narrowed to 0600 (only once it is known to be a store).
 */
function ownerOnly(path: string): void {
  if (path === ':memory:' || path === '') return;
  if (existsSync(path)) checkIsStore(path);
  else closeSync(openSync(path, 'a', 0o600));
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
