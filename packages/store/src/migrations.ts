import type Database from 'better-sqlite3';

/** SQLite's schema versions, applied in order; `PRAGMA user_version` records how many ran. Never edit one that shipped: add another. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'planner', 'admin')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    dir TEXT NOT NULL,
    digest TEXT NOT NULL,
    before_on TEXT,
    after_on TEXT,
    method TEXT,
    threshold REAL,
    flag_count INTEGER NOT NULL,
    run_json TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id),
    flag_key TEXT NOT NULL,
    rank INTEGER NOT NULL,
    parcel_id TEXT,
    violation TEXT NOT NULL,
    category TEXT NOT NULL,
    confidence REAL NOT NULL,
    new_built_m2 REAL NOT NULL,
    permitted_area_m2 REAL,
    district TEXT,
    address TEXT,
    west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'dismissed', 'field-visit')),
    properties TEXT NOT NULL,
    geometry TEXT NOT NULL,
    UNIQUE (run_id, flag_key)
  );
  CREATE INDEX flags_queue ON flags (run_id, status, confidence DESC);
  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    flag_id INTEGER NOT NULL REFERENCES flags(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'dismissed', 'field-visit')),
    legal_category INTEGER,
    note TEXT,
    decided_at TEXT NOT NULL,
    superseded_at TEXT,
    validated_by INTEGER REFERENCES users(id),
    validated_at TEXT
  );
  CREATE INDEX decisions_flag ON decisions (flag_id, decided_at);
  CREATE TABLE locks (
    flag_id INTEGER PRIMARY KEY REFERENCES flags(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at TEXT NOT NULL
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL
  );
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  // Accounts (issue 14): look-alike names, removed users, token expiry, sign-in failures kept across restarts.
  `
  ALTER TABLE users ADD COLUMN name_key TEXT;
  ALTER TABLE users ADD COLUMN removed_at TEXT;
  CREATE UNIQUE INDEX users_name_key ON users (name_key);
  ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
  ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
  UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+90 days');
  CREATE INDEX api_tokens_user ON api_tokens (user_id);
  CREATE TABLE sign_in_failures (
    scope TEXT NOT NULL CHECK (scope IN ('account', 'ip')),
    key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_at TEXT NOT NULL,
    blocked_until TEXT,
    PRIMARY KEY (scope, key)
  );
  `,
  // Learned ranking (issue 17): each flag's probability and reasons, the supervisors' switch, every ranking.
  `
  ALTER TABLE flags ADD COLUMN probability REAL;
  ALTER TABLE flags ADD COLUMN ranking TEXT;
  ALTER TABLE runs ADD COLUMN ranking_enabled INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE rankings (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id),
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    source TEXT NOT NULL CHECK (source IN ('cli', 'server', 'user')),
    model_version TEXT,
    applied INTEGER NOT NULL,
    reason TEXT,
    from_runs TEXT NOT NULL,
    decided INTEGER NOT NULL,
    confirmed INTEGER NOT NULL,
    folds INTEGER NOT NULL,
    average_precision REAL,
    baseline_average_precision REAL,
    ranked INTEGER NOT NULL,
    fit_ms REAL NOT NULL,
    store_ms REAL NOT NULL,
    model TEXT
  );
  CREATE INDEX rankings_run ON rankings (run_id, id);
  `,
];

/** Brings a database up to the newest schema, each step in its own transaction. */
export function migrateSqlite(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) throw new Error(newerSchema(current, MIGRATIONS.length));
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length;
}

export const newerSchema = (found: number, known: number): string =>
  `the database is from a newer Payesh (schema ${found}, this one knows ${known})`;
