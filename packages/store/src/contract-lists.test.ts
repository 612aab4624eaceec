import { describe, expect, it } from 'vitest';
import { FLAG_STATUSES, OUTCOMES, ROLES } from '@payesh/contract';
import { openStore, PG_MIGRATIONS } from './index.js';

/** The values a table's CHECK (column IN (...)) allows, read from the schema SQLite holds after every migration. */
function checkedValues(sql: string, column: string): string[] {
  const list = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql)?.[1];
  if (list === undefined) throw new Error(`no CHECK on ${column}`);
  return [...list.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe("the store's SQL CHECKs hold the contract's lists", async () => {
  const store = await openStore(':memory:');
  const tableSql = async (name: string) =>
    (await store.sql.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [name]))!
      .sql;
  const pgSql = (name: string) =>
    PG_MIGRATIONS[0]!.slice(PG_MIGRATIONS[0]!.indexOf(`CREATE TABLE ${name} (`)).split(');')[0]!;

  it('flags.status: every flag status (SQLite and PostgreSQL)', async () => {
    expect(checkedValues(await tableSql('flags'), 'status')).toEqual([...FLAG_STATUSES]);
    expect(await tableSql('flags')).toContain("status TEXT NOT NULL DEFAULT 'pending'");
    expect(checkedValues(pgSql('flags'), 'status')).toEqual([...FLAG_STATUSES]);
  });

  it('decisions.outcome: every outcome', async () => {
    expect(checkedValues(await tableSql('decisions'), 'outcome')).toEqual([...OUTCOMES]);
    expect(checkedValues(pgSql('decisions'), 'outcome')).toEqual([...OUTCOMES]);
  });

  it('users.role: every role', async () => {
    expect(checkedValues(await tableSql('users'), 'role')).toEqual([...ROLES]);
    expect(checkedValues(pgSql('users'), 'role')).toEqual([...ROLES]);
  });

  it('and SQLite refuses anything else', async () => {
    await store.sql.exec(
      "INSERT INTO runs (id, dir, digest, flag_count, run_json, imported_at) VALUES ('r', '/r', 'd', 1, '{}', 'now')",
    );
    const insert = (status: string) =>
      store.sql.run(
        "INSERT INTO flags (run_id, flag_key, rank, violation, category, confidence, new_built_m2, west, south, east, north, status, properties, geometry) VALUES ('r', ?, 1, 'no-permit', 'violation', 1, 1, 0, 0, 1, 1, ?, '{}', '{}')",
        [status, status],
      );
    for (const status of FLAG_STATUSES) await expect(insert(status)).resolves.toBeDefined();
    await expect(insert('closed')).rejects.toThrow(/CHECK constraint failed/);
  });
});
