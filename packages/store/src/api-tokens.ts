import { InputError, NotFoundError } from '@payesh/core';
import { MAX_TOKEN_DAYS, TOKEN_DAYS, type ApiTokenInfo, type NewApiToken, type User } from '@payesh/contract';
import { recordAudit } from './audit.js';
import { newSecret, secretHash } from './passwords.js';
import { iso, transaction, type Store } from './store.js';
import { toUser, type UserRow } from './users.js';

/** A new API token for scripts, valid `days` (default 90, at most 366). */
export async function createApiToken(
  store: Store,
  userId: number,
  label: string,
  days = TOKEN_DAYS,
): Promise<NewApiToken> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
    throw new InputError(`a token lives 1-${MAX_TOKEN_DAYS} days, got ${days}`);
  const token = `pt_${newSecret()}`;
  const expiresAt = iso(store, days * 86_400);
  return transaction(store, async (tx) => {
    const { id } = (await tx.sql.get<{ id: number }>(
      'INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [secretHash(token), userId, label, iso(store), expiresAt],
    ))!;
    await recordAudit(tx, userId, 'token.create', `user:${userId}`, { token: id, label, expiresAt });
    return { token, id, expiresAt };
  });
}

/** The user of a live token (not expired, not revoked, user neither disabled nor removed), or null; notes when it was last used (once a minute at most). */
export async function findApiToken(store: Store, token: string): Promise<User | null> {
  const now = iso(store);
  const row = await store.sql.get<UserRow & { token_id: number }>(
    'SELECT t.id AS token_id, u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 AND t.expires_at > ? AND u.disabled = 0 AND u.removed_at IS NULL',
    [secretHash(token), now],
  );
  if (!row) return null;
  await store.sql.run(
    'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    [now, row.token_id, iso(store, -60)],
  );
  return toUser(row);
}

interface TokenRow {
  id: number;
  label: string;
  user_id: number;
  username: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked: number;
}

/** API tokens, newest first: of one user, or of everyone. */
export async function listApiTokens(store: Store, options: { userId?: number } = {}): Promise<ApiTokenInfo[]> {
  const now = iso(store);
  const rows = await store.sql.all<TokenRow>(
    `SELECT t.id, t.label, t.user_id, u.username, t.created_at, t.expires_at, t.last_used_at, t.revoked FROM api_tokens t JOIN users u ON u.id = t.user_id ${options.userId === undefined ? '' : 'WHERE t.user_id = @user'} ORDER BY t.id DESC`,
    options.userId === undefined ? {} : { user: options.userId },
  );
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    userId: r.user_id,
    username: r.username,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    status: r.revoked ? 'revoked' : r.expires_at > now ? 'active' : 'expired',
  }));
}

/** Revokes a token: its owner may, and admins (`actor` null: the operator on the machine). */
export function revokeApiToken(store: Store, id: number, actor: User | null): Promise<void> {
  return transaction(store, async (tx) => {
    const row = await tx.sql.get<{ user_id: number; revoked: number; label: string }>(
      'SELECT user_id, revoked, label FROM api_tokens WHERE id = ?',
      [id],
    );
    if (!row || (actor && actor.role !== 'admin' && actor.id !== row.user_id))
      throw new NotFoundError(`no API token ${id}`);
    if (row.revoked) return;
    // Of two revocations at once only one changes the row and writes the audit entry.
    if ((await tx.sql.run('UPDATE api_tokens SET revoked = 1 WHERE id = ? AND revoked = 0', [id])).changes === 0)
      return;
    await recordAudit(tx, actor?.id ?? null, 'token.revoke', `user:${row.user_id}`, { token: id, label: row.label });
  });
}
