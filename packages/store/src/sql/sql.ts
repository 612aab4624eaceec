/** A value bound to a statement: what both SQLite and PostgreSQL take and give back. */
export type SqlValue = string | number | null;

/**
 * Parameters: positional (`?` in the text) or named (`@name`, the same name may occur again). Write the
 * SQL once where the dialects agree; `dialect` says which one runs it where they do not.
 */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue | undefined>>;

export type SqlDialect = 'sqlite' | 'postgres';

/** The async SQL port the store runs on: one implementation per backend. */
export interface Sql {
  readonly dialect: SqlDialect;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** A statement without rows: how many rows it changed. */
  run(sql: string, params?: SqlParams): Promise<{ changes: number }>;
  /** Several statements without parameters (DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction, committed before the promise resolves (rolled back when it throws).
   * Inside, `fn` must use `tx` only. Nested calls run inside the outer transaction.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits until no other transaction (of any process) holds `key`, holds it until
   * this one ends. SQLite's transactions are serial already (a no-op there); PostgreSQL takes an advisory lock.
   */
  lock(key: string): Promise<void>;
  close(): Promise<void>;
}

/** True when the error is a UNIQUE constraint refusing a row. */
export const isUniqueViolation = (error: unknown): boolean => {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/** `(@p0, @p1, ...)` and its parameters, for `x IN (...)` with a list (never empty: callers check). */
export function inList(name: string, values: readonly SqlValue[]): { sql: string; params: Record<string, SqlValue> } {
  const params: Record<string, SqlValue> = {};
  values.forEach((v, i) => {
    params[`${name}${i}`] = v;
  });
  return { sql: `(${values.map((_, i) => `@${name}${i}`).join(', ')})`, params };
}
