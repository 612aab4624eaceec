import { ConflictError, InputError, NotFoundError } from '@payesh/core';
import { recordAudit } from './audit.js';
import { hashPassword, newSecret, secretHash, STAND_IN_HASH, verifyPassword } from './passwords.js';
import { iso, type Store } from './store.js';

export const ROLES = ['inspector', 'supervisor', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly disabled: boolean;
}

interface UserRow {
  id: number;
  username: string;
  role: Role;
  disabled: number;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, username: r.username, role: r.role, disabled: r.disabled === 1 });

export async function addUser(store: Store, input: { username: string; password: string; role: Role }, actorId: number | null = null): Promise<User> {
  if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(input.username)) throw new InputError(`user name "${input.username}" must be 2-64 letters, digits, dots, dashes or underscores`);
  if (input.password.length < 10) throw new InputError('a password needs at least 10 characters');
  if (!ROLES.includes(input.role)) throw new InputError(`role must be one of ${ROLES.join(', ')}`);
  const hash = await hashPassword(input.password);
  try {
    const id = Number(store.db.prepare('INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)').run(input.username, hash, input.role, iso(store)).lastInsertRowid);
    recordAudit(store, actorId, 'user.add', `user:${id}`, { username: input.username, role: input.role });
    return { id, username: input.username, role: input.role, disabled: false };
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(`user "${input.username}" exists already`);
    throw error;
  }
}

export function listUsers(store: Store): User[] {
  return (store.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser);
}

export function userCount(store: Store): number {
  return (store.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

export function getUser(store: Store, id: number): User {
  const row = store.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  if (!row) throw new NotFoundError(`no user ${id}`);
  return toUser(row);
}

/** The user whose name and password match, or null (same answer for an unknown name and a wrong password). */
export async function checkPassword(store: Store, username: string, password: string): Promise<User | null> {
  const row = store.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  const ok = await verifyPassword(password, row?.password_hash ?? STAND_IN_HASH);
  return row && ok && row.disabled === 0 ? toUser(row) : null;
}

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
  store.db.prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(secretHash(token), user.id, csrf, iso(store), expiresAt);
  recordAudit(store, user.id, 'session.start', `user:${user.id}`);
  return { token, csrf, user, expiresAt };
}

export function findSession(store: Store, token: string): Omit<Session, 'token'> | null {
  const row = store.db
    .prepare('SELECT s.csrf, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0')
    .get(secretHash(token), iso(store)) as (UserRow & { csrf: string; expires_at: string }) | undefined;
  return row ? { csrf: row.csrf, user: toUser(row), expiresAt: row.expires_at } : null;
}

export function endSession(store: Store, token: string): void {
  store.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(secretHash(token));
}

/** A new API token for scripts (shown once; only its hash is stored). */
export function createApiToken(store: Store, userId: number, label: string): string {
  const token = `pt_${newSecret()}`;
  store.db.prepare('INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)').run(secretHash(token), userId, label, iso(store));
  recordAudit(store, userId, 'token.create', `user:${userId}`, { label });
  return token;
}

export function findApiToken(store: Store, token: string): User | null {
  const row = store.db.prepare('SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0').get(secretHash(token)) as UserRow | undefined;
  return row ? toUser(row) : null;
}
