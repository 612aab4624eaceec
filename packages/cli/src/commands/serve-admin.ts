import { ConflictError, InputError } from '@payesh/core';
import { addUser, adminCount, listUsers, newSecret, userNameKey, type Store } from '@payesh/store';
import type { CommandContext } from '../context.js';
import { readSecret } from '../secret-input.js';

/**
 * When the store has no admin (even if other users were added before), creates the user "admin" with
 * the password from --admin-password(-file), PAYESH_ADMIN_PASSWORD or the terminal, else a printed
 * one-time one.
 */
export async function ensureAdmin(
  store: Store,
  ctx: CommandContext,
  options: { adminPassword?: string; adminPasswordFile?: string },
): Promise<void> {
  if ((await adminCount(store)) > 0) return;
  const taken = (await listUsers(store)).find((u) => !u.removed && userNameKey(u.username) === userNameKey('admin'));
  if (taken)
    throw new InputError(
      `the store has no admin, and the name "admin" belongs to the ${taken.role} "${taken.username}": add an admin with payesh user add <name> --role admin`,
    );
  const given = await readSecret(ctx, {
    value: options.adminPassword,
    file: options.adminPasswordFile,
    fileOption: '--admin-password-file',
    envName: 'PAYESH_ADMIN_PASSWORD',
    prompt: 'password for the new user "admin"',
  });
  const password = given ?? newSecret().slice(0, 20);
  try {
    await addUser(store, { username: 'admin', password, role: 'admin' });
  } catch (error) {
    // Two servers starting at once on one PostgreSQL store: the other one made the admin first.
    if (error instanceof ConflictError && (await adminCount(store)) > 0) return;
    throw error;
  }
  ctx.stdout(
    given !== null
      ? 'created the user "admin" with the given password\n'
      : `created the user "admin" with the one-time password ${password} (add users, then change it with payesh user passwd admin)\n`,
  );
}

/** `--trust-proxy` alone: one proxy; a number: that many; else the proxies' addresses (express's forms). */
export function trustProxyOption(value: string | true | undefined): false | number | string {
  if (value === undefined) return false;
  if (value === true) return 1;
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[\w.:/, -]+$/.test(value))
    throw new InputError(`--trust-proxy must be a number of proxies or their addresses, got "${value}"`);
  return value;
}
