import { ConflictError, InputError, NotFoundError } from '@payesh/core';
import { ROLES, type Role, type User, type UserListing } from '@payesh/contract';
import { recordAudit } from './audit.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashPassword, STAND_IN_HASH, verifyPassword } from './passwords.js';
import { iso, type Store } from './store.js';
import { normaliseUserName, userNameKey } from './user-names.js';

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  disabled: number;
  password_hash: string;
  created_at: string;
  removed_at: string | null;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  role: r.role,
  disabled: r.disabled === 1,
});

/** Only the hash of a removed user's password is wiped: no password matches it. */
const REMOVED_HASH = '!removed';

export async function addUser(
  store: Store,
  input: { username: string; password: string; role: Role },
  actorId: number | null = null,
): Promise<User> {
  const username = normaliseUserName(input.username);
  if (!ROLES.includes(input.role)) throw new InputError(`role must be one of ${ROLES.join(', ')}`);
  checkPasswordPolicy(username, input.password, store.commonPasswords());
  const hash = await hashPassword(input.password);
  try {
    const id = Number(
      store.db
        .prepare('INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(username, userNameKey(username), hash, input.role, iso(store)).lastInsertRowid,
    );
    recordAudit(store, actorId, 'user.add', `user:${id}`, { username, role: input.role });
    return { id, username, role: input.role, disabled: false };
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    const other = store.db
      .prepare('SELECT username, removed_at FROM users WHERE name_key = ? OR username = ? ORDER BY username = ? DESC')
      .get(userNameKey(username), username, username) as { username: string; removed_at: string | null } | undefined;
    if (other?.removed_at)
      throw new ConflictError(
        `user name "${username}" belongs to the removed user "${other.username}"; removed names are not reused, choose another`,
      );
    throw new ConflictError(
      other === undefined || other.username === username
        ? `user "${username}" exists already`
        : `user name "${username}" looks like the existing user "${other.username}"; choose another`,
    );
  }
}

export function listUsers(store: Store): UserListing[] {
  return (store.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map((r) => ({
    ...toUser(r),
    createdAt: r.created_at,
    removed: r.removed_at !== null,
  }));
}

export function userCount(store: Store): number {
  return (store.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** Users with the role admin that were not removed (disabled ones count: `payesh user enable` brings them back). */
export function adminCount(store: Store): number {
  return (
    store.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND removed_at IS NULL").get() as {
      n: number;
    }
  ).n;
}

export function getUser(store: Store, id: number): User {
  const row = store.db.prepare('SELECT * FROM users WHERE id = ? AND removed_at IS NULL').get(id) as
    | UserRow
    | undefined;
  if (!row) throw new NotFoundError(`no user ${id}`);
  return toUser(row);
}

/** The row a typed name means (outer spaces ignored): the same name, or its look-alike key (so `SARA ` finds `sara`). */
function rowByName(store: Store, name: string): UserRow | undefined {
  const typed = name.trim().normalize('NFKC');
  return store.db
    .prepare(
      'SELECT * FROM users WHERE (username = ? OR name_key = ?) AND removed_at IS NULL ORDER BY username = ? DESC',
    )
    .get(typed, userNameKey(typed), typed) as UserRow | undefined;
}

export function findUserByName(store: Store, name: string): User {
  const row = rowByName(store, name);
  if (row) return toUser(row);
  const typed = name.trim().normalize('NFKC');
  const removed = store.db
    .prepare('SELECT username FROM users WHERE (username = ? OR name_key = ?) AND removed_at IS NOT NULL')
    .pluck()
    .get(typed, userNameKey(typed)) as string | undefined;
  if (removed !== undefined)
    throw new NotFoundError(
      `"${name}" is the name of a removed user; removed users stay removed and their names are not reused`,
    );
  throw new NotFoundError(`no user "${name}"`);
}

/** The user whose name and password match, or null (same answer, and the same scrypt work, for an unknown name and a wrong password). */
export async function checkPassword(store: Store, username: string, password: string): Promise<User | null> {
  const row = rowByName(store, username);
  const ok = await verifyPassword(
    password,
    row && row.password_hash !== REMOVED_HASH ? row.password_hash : STAND_IN_HASH,
  );
  return row && ok && row.disabled === 0 ? toUser(row) : null;
}

/** Ends every session of a user and revokes their API tokens (on disabling or removal). */
function cutAccess(store: Store, userId: number): void {
  store.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  store.db.prepare('UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0').run(userId);
}

/** Refuses to take away the last admin who can sign in. */
function keepAnAdmin(store: Store, user: User): void {
  const others = store.db
    .prepare("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND removed_at IS NULL AND id != ?")
    .pluck()
    .get(user.id) as number;
  if (user.role === 'admin' && others === 0)
    throw new ConflictError(`"${user.username}" is the last admin who can sign in; add or enable another admin first`);
}

/** Disables a user (their sessions end and their API tokens are revoked for good) or enables them again. */
export function setUserDisabled(store: Store, id: number, disabled: boolean, actorId: number | null = null): User {
  return store.db
    .transaction(() => {
      const user = getUser(store, id);
      if (disabled) keepAnAdmin(store, user);
      store.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
      if (disabled) cutAccess(store, id);
      recordAudit(store, actorId, disabled ? 'user.disable' : 'user.enable', `user:${id}`, { username: user.username });
      return { ...user, disabled };
    })
    .immediate();
}

/** Sets a new password (the policy applies); the user's sessions end. */
export async function setPassword(
  store: Store,
  id: number,
  password: string,
  actorId: number | null = null,
): Promise<User> {
  const user = getUser(store, id);
  checkPasswordPolicy(user.username, password, store.commonPasswords());
  const hash = await hashPassword(password);
  return store.db
    .transaction(() => {
      store.db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND removed_at IS NULL').run(hash, id);
      store.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      recordAudit(store, actorId, 'user.password', `user:${id}`, { username: user.username });
      return user;
    })
    .immediate();
}

/**
 * Removes a user: they can no longer sign in, their sessions, tokens and locks go, their password hash
 * is wiped; the row stays (disabled, marked removed, name kept) so that decisions and the audit log
 * still name who did what.
 */
export function removeUser(store: Store, id: number, actorId: number | null = null): void {
  store.db
    .transaction(() => {
      const user = getUser(store, id);
      keepAnAdmin(store, user);
      store.db
        .prepare('UPDATE users SET disabled = 1, removed_at = ?, password_hash = ? WHERE id = ?')
        .run(iso(store), REMOVED_HASH, id);
      cutAccess(store, id);
      store.db.prepare('DELETE FROM locks WHERE user_id = ?').run(id);
      recordAudit(store, actorId, 'user.remove', `user:${id}`, { username: user.username, role: user.role });
    })
    .immediate();
}
