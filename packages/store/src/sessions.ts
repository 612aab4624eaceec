import type { User } from '@payesh/contract';
import { recordAudit } from './audit.js';
import { newSecret, secretHash } from './passwords.js';
import { iso, type Store } from './store.js';
import { toUser, type UserRow } from './users.js';

export interface Session {
  readonly token: string;
  readonly csrf: string;
  readonly user: User;
  readonly expiresAt: string;
}

/** A new session for a signed-in user; only the token's hash is stored. */
export function createSession(store: Store, user: User, hours = 12): Session {
  const token = newSecret();
  const csrf = newSecret();
  const expiresAt = iso(store, hours * 3600);
  store.db
    .prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(secretHash(token), user.id, csrf, iso(store), expiresAt);
  recordAudit(store, user.id, 'session.start', `user:${user.id}`);
  return { token, csrf, user, expiresAt };
}

export function findSession(store: Store, token: string): Omit<Session, 'token'> | null {
  const row = store.db
    .prepare(
      'SELECT s.csrf, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0 AND u.removed_at IS NULL',
    )
    .get(secretHash(token), iso(store)) as (UserRow & { csrf: string; expires_at: string }) | undefined;
  return row ? { csrf: row.csrf, user: toUser(row), expiresAt: row.expires_at } : null;
}

export function endSession(store: Store, token: string): void {
  store.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(secretHash(token));
}
