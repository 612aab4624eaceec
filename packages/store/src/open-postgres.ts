import pg from 'pg';
import { DataError } from '@payesh/core';
import { migratePostgres } from './pg-migrations.js';
import { pgSql } from './sql/pg-sql.js';
import type { Sql } from './sql/sql.js';

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** The URL without its password (what messages and logs show). */
export function redactUrl(location: string): string {
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return location.replace(/:\/\/([^:/@]*):[^@/]*@/, '://$1:***@');
  }
}

/** One line for why the database could not be used (a refused connection's error has no message of its own). */
function reason(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string; code?: string }[] };
  const inner = e.errors?.[0];
  const code = e.code ?? inner?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running there?)';
  if (code === 'ENOTFOUND') return 'unknown host';
  if (/extension "postgis"|postgis\.control/.test(e.message ?? ''))
    return `PostGIS is not available on this server (${e.message})`;
  return (e.message || inner?.message || code || String(error)).split('\n')[0]!;
}

/** Connects to the PostGIS database at `location` and migrates it; refuses quickly with one clear line. */
export async function openPostgresSql(
  location: string,
  options: { poolSize?: number; connectTimeoutMs?: number },
): Promise<{ sql: Sql; location: string }> {
  const shown = redactUrl(location);
  let pool: pg.Pool;
  try {
    new URL(location);
    pool = new pg.Pool({
      connectionString: location,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      application_name: 'payesh',
    });
  } catch (error) {
    throw new DataError(`cannot open the store: not a valid PostgreSQL URL (${reason(error)})`, { file: shown });
  }
  // A connection the server drops while idle must not end the process; the next query reconnects.
  pool.on('error', () => undefined);
  const sql = pgSql(pool);
  try {
    await migratePostgres(sql);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DataError(`cannot open the store: ${reason(error)}`, { file: shown, cause: error });
  }
  return { sql, location: shown };
}
