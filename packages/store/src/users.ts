import { ConflictError, InputError, NotFoundError } from '@payesh/core';
import { ROLES, type Role, type User, type UserListing } from '@payesh/contract';
import { recordAudit } from './audit.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashPassword, STAND_IN_HASH, verifyPassword } from './passwords.js';
import { isUniqueViolation } from './sql/sql.js';
import { iso, transaction, type Store } from './store.js';
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
    return await transaction(store, async (tx) => {
      const { id } = (await tx.sql.get<{ id: number }>(
        'INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
        [username, userNameKey(username), hash, input.role, iso(store)],
      ))!;
      await recordAudit(tx, actorId, 'user.add', `user:${id}`, { username, role: input.role });
      return { id, username, role: input.role, disabled: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await store.sql.get<{ username: string; removed_at: string | null }>(
      'SELECT username, removed_at FROM users WHERE name_key = ? OR username = ? ORDER BY username = ? DESC',
      [userNameKey(username), username, username],
    );
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

export async function listUsers(store: Store): Promise<UserListing[]> {
  return (await store.sql.all<UserRow>('SELECT * FROM users ORDER BY id')).map((r) => ({
    ...toUser(r),
    createdAt: r.created_at,
    removed: r.removed_at !== null,
  }));
}

export async function userCount(store: Store): Promise<number> {
  return (await store.sql.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
}

/** Users with the role admin that were not removed (disabled ones count: `payesh user enable` brings them back). */
export async function adminCount(store: Store): Promise<number> {
  return (await store.sql.get<{ n: number }>(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND removed_at IS NULL",
  ))!.n;
}

export async function getUser(store: Store, id: number): Promise<User> {
  const row = await store.sql.get<UserRow>('SELECT * FROM users WHERE id = ? AND removed_at IS NULL', [id]);
  if (!row) throw new NotFoundError(`no user ${id}`);
  return toUser(row);
}

/** The row a typed name means (outer spaces ignored): the same name, or its look-alike key (so `SARA ` finds `sara`). */
function rowByName(store: Store, name: string): Promise<UserRow | undefined> {
  const typed = name.trim().normalize('NFKC');
  return store.sql.get<UserRow>(
    'SELECT * FROM users WHERE (username = ? OR name_key = ?) AND removed_at IS NULL ORDER BY username = ? DESC',
    [typed, userNameKey(typed), typed],
  );
}

export async function findUserByName(store: Store, name: string): Promise<User> {
  const row = await rowByName(store, name);
  if (row) return toUser(row);
  const typed = name.trim().normalize('NFKC');
  const removed = (
    await store.sql.get<{ username: string }>(
      'SELECT username FROM users WHERE (username = ? OR name_key = ?) AND removed_at IS NOT NULL',
      [typed, userNameKey(typed)],
    )
  )?.username;
  if (removed !== undefined)
    throw new NotFoundError(
      `"${name}" is the name of a removed user; removed users stay removed and their names are not reused`,
    );
  throw new NotFoundError(`no user "${name}"`);
}

/** The user whose name and password match, or null (same answer, and the same scrypt work, for an unknown name and a wrong password). */
export async function checkPassword(store: Store, username: string, password: string): Promise<User | null> {
  const row = await rowByName(store, username);
  const ok = await verifyPassword(
    password,
    row && row.password_hash !== REMOVED_HASH ? row.password_hash : STAND_IN_HASH,
  );
  return row && ok && row.disabled === 0 ? toUser(row) : null;
}

/** Ends every session of a user and revokes their API tokens (on disabling or removal). */
async function cutAccess(store: Store, userId: number): Promise<void> {
  await store.sql.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
  await store.sql.run('UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0', [userId]);
}

/** Refuses to take away the last admin who can sign in. */
async function keepAnAdmin(store: Store, user: User): Promise<void> {
  const others = (await store.sql.get<{ n: number }>(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND removed_at IS NULL AND id != ?",
    [user.id],
  ))!.n;
  if (user.role === 'admin' && others === 0)
    throw new ConflictError(`"${user.username}" is the last admin who can sign in; add or enable another admin first`);
}

/** Disables a user (their sessions end and their API tokens are revoked for good) or enables them again. */
export function setUserDisabled(
  store: Store,
  id: number,
  disabled: boolean,
  actorId: number | null = null,
): Promise<User> {
  return changingUsers(store, async (tx) => {
    const user = await getUser(tx, id);
    if (disabled) await keepAnAdmin(tx, user);
    await tx.sql.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, id]);
    if (disabled) await cutAccess(tx, id);
    await recordAudit(tx, actorId, disabled ? 'user.disable' : 'user.enable', `user:${id}`, {
      username: user.username,
    });
    return { ...user, disabled };
  });
}

/** Sets a new password (the policy applies); the user's sessions end. */
export async function setPassword(
  store: Store,
  id: number,
  password: string,
  actorId: number | null = null,
): Promise<User> {
  const user = await getUser(store, id);
  checkPasswordPolicy(user.username, password, store.commonPasswords());
  const hash = await hashPassword(password);
  return transaction(store, async (tx) => {
    await tx.sql.run('UPDATE users SET password_hash = ? WHERE id = ? AND removed_at IS NULL', [hash, id]);
    await tx.sql.run('DELETE FROM sessions WHERE user_id = ?', [id]);
    await recordAudit(tx, actorId, 'user.password', `user:${id}`, { username: user.username });
    return user;
  });
}

/**
 * Removes a user: they can no longer sign in, their sessions, tokens and locks go, their password hash
 * is wiped; the row stays (disabled, marked removed, name kept) so that decisions and the audit log
 * still name who did what.
 */
export function removeUser(store: Store, id: number, actorId: number | null = null): Promise<void> {
  return changingUsers(store, async (tx) => {
    const user = await getUser(tx, id);
    await keepAnAdmin(tx, user);
    await tx.sql.run('UPDATE users SET disabled = 1, removed_at = ?, password_hash = ? WHERE id = ?', [
      iso(store),
      REMOVED_HASH,
      id,
    ]);
    await cutAccess(tx, id);
    await tx.sql.run('DELETE FROM locks WHERE user_id = ?', [id]);
    await recordAudit(tx, actorId, 'user.remove', `user:${id}`, { username: user.username, role: user.role });
  });
}

/** Disabling and removing users wait for each other (also across servers), so that one admin always stays. */
const changingUsers = <T>(store: Store, fn: (tx: Store) => Promise<T>): Promise<T> =>
  transaction(store, async (tx) => {
    await tx.sql.lock('users');
    return fn(tx);
  });
