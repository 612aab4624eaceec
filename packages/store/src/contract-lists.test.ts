import { describe, expect, it } from 'vitest';
import { FLAG_STATUSES, OUTCOMES, ROLES } from '@payesh/contract';
import { openStore } from './index.js';

/** The values a table's CHECK (column IN (...)) allows, read from the schema SQLite holds after every migration. */
function checkedValues(sql: string, column: string): string[] {
  const list = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql)?.[1];
  if (list === undefined) throw new Error(`no CHECK on ${column}`);
  return [...list.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe("the store's SQL CHECKs hold the contract's lists", () => {
  const store = openStore(':memory:');
  const tableSql = (name: string) =>
    store.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string;

  it('flags.status: every flag status', () => {
    expect(checkedValues(tableSql('flags'), 'status')).toEqual([...FLAG_STATUSES]);
    expect(tableSql('flags')).toContain("status TEXT NOT NULL DEFAULT 'pending'");
  });

  it('decisions.outcome: every outcome', () => {
    expect(checkedValues(tableSql('decisions'), 'outcome')).toEqual([...OUTCOMES]);
  });

  it('users.role: every role', () => {
    expect(checkedValues(tableSql('users'), 'role')).toEqual([...ROLES]);
  });

  it('and SQLite refuses anything else', () => {
    store.db.exec(
      "INSERT INTO runs (id, dir, digest, flag_count, run_json, imported_at) VALUES ('r', '/r', 'd', 1, '{}', 'now')",
    );
    const insert = (status: string) =>
      store.db
        .prepare(
          "INSERT INTO flags (run_id, flag_key, rank, violation, category, confidence, new_built_m2, west, south, east, north, status, properties, geometry) VALUES ('r', ?, 1, 'no-permit', 'violation', 1, 1, 0, 0, 1, 1, ?, '{}', '{}')",
        )
        .run(status, status);
    for (const status of FLAG_STATUSES) expect(() => insert(status)).not.toThrow();
    expect(() => insert('closed')).toThrow(/CHECK constraint failed/);
  });
});
