import type Database from 'better-sqlite3';
import { Mutex } from './mutex.js';
import type { Sql, SqlParams, SqlValue } from './sql.js';

const bind = (params: SqlParams = []): unknown[] => {
  if (Array.isArray(params)) return params as SqlValue[];
  const named: Record<string, SqlValue> = {};
  for (const [k, v] of Object.entries(params)) named[k] = v ?? null;
  return [named];
};

/** Statements on one better-sqlite3 connection, ignoring the mutex (the holder of a transaction runs them). */
function direct(db: Database.Database): Omit<Sql, 'transaction' | 'close'> {
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params?: SqlParams) => db.prepare(sql).all(...bind(params)) as T[],
    get: async <T>(sql: string, params?: SqlParams) => db.prepare(sql).get(...bind(params)) as T | undefined,
    run: async (sql: string, params?: SqlParams) => ({ changes: db.prepare(sql).run(...bind(params)).changes }),
    exec: async (sql: string) => {
      db.exec(sql);
    },
    lock: async () => {},
  };
}

/**
 * The SQL port on better-sqlite3. One connection: a transaction (BEGIN IMMEDIATE) holds a mutex while
 * its async body runs, and every statement outside it waits for the mutex, so that another request's
 * statements never run inside someone else's transaction.
 */
export function sqliteSql(db: Database.Database): Sql {
  const mutex = new Mutex();
  const inner = direct(db);
  const txSql: Sql = { ...inner, transaction: (fn) => fn(txSql), close: async () => {} };
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      mutex.locked ? mutex.run(() => fn(...args)) : fn(...args);
  return {
    dialect: 'sqlite',
    all: guarded(inner.all) as Sql['all'],
    get: guarded(inner.get) as Sql['get'],
    run: guarded(inner.run),
    exec: guarded(inner.exec),
    lock: async () => {},
    transaction: <T>(fn: (tx: Sql) => Promise<T>) =>
      mutex.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(txSql);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      await mutex.run(() => db.close());
    },
  };
}
