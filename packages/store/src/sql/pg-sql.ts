import pg from 'pg';
import { toNumbered } from './placeholders.js';
import type { Sql, SqlParams } from './sql.js';

// count(*) and other bigints come back as numbers (the store's counts stay far below 2^53), as SQLite gives them.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

type Queryable = pg.Pool | pg.PoolClient;

function on(client: Queryable, inTx: boolean): Omit<Sql, 'transaction' | 'close'> {
  const query = async (sql: string, params?: SqlParams) => {
    const { text, values } = toNumbered(sql, params);
    return client.query({ text, values, types });
  };
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params?: SqlParams) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: SqlParams) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params?: SqlParams) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    exec: async (sql: string) => {
      await client.query(sql);
    },
    lock: async (key: string) => {
      if (!inTx) throw new Error('lock() outside a transaction');
      await client.query({ text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', values: [key] });
    },
  };
}

/** The SQL port on a pg Pool: a transaction runs on one client of the pool, statements outside on any. */
export function pgSql(pool: pg.Pool): Sql {
  return {
    ...on(pool, false),
    transaction: async <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      const tx: Sql = { ...on(client, true), transaction: (inner) => inner(tx), close: async () => {} };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch (rollbackError) {
          client.release(rollbackError as Error);
        }
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
