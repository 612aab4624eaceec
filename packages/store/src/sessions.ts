import type { User } from '@payesh/contract';
import { recordAudit } from './audit.js';
import { newSecret, secretHash } from './passwords.js';
import { iso, transaction, type Store } from './store.js';
import { toUser, type UserRow } from './users.js';

export interface Session {
  readonly token: string;
  readonly csrf: string;
  readonly user: User;
  readonly expiresAt: string;
}

/** A new session for a signed-in user; only the token's hash is stored. */
export async function createSession(store: Store, user: User, hours = 12): Promise<Session> {
  const token = newSecret();
  const csrf = newSecret();
  const expiresAt = iso(store, hours * 3600);
  await transaction(store, async (tx) => {
    await tx.sql.run(
      'INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [secretHash(token), user.id, csrf, iso(store), expiresAt],
    );
    await recordAudit(tx, user.id, 'session.start', `user:${user.id}`);
  });
  return { token, csrf, user, expiresAt };
}

export async function findSession(store: Store, token: string): Promise<Omit<Session, 'token'> | null> {
  const row = await store.sql.get<UserRow & { csrf: string; expires_at: string }>(
    'SELECT s.csrf, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0 AND u.removed_at IS NULL',
    [secretHash(token), iso(store)],
  );
  return row ? { csrf: row.csrf, user: toUser(row), expiresAt: row.expires_at } : null;
}

export async function endSession(store: Store, token: string): Promise<void> {
  await store.sql.run('DELETE FROM sessions WHERE token_hash = ?', [secretHash(token)]);
}
