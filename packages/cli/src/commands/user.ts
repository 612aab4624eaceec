import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { ROLES, type Role } from '@payesh/contract';
import {
  addUser,
  findUserByName,
  listUsers,
  MIN_PASSWORD_LENGTH,
  removeUser,
  setPassword,
  setUserDisabled,
} from '@payesh/store';
import type { CommandContext } from '../context.js';
import { DB_OPTION_HELP, storeName, withStore } from '../existing-store.js';
import { requireSecret } from '../secret-input.js';

const DB = ['--db <file>', DB_OPTION_HELP, 'payesh.db'] as const;

interface PasswordOptions {
  password?: string;
  passwordFile?: string;
  db: string;
}

const passwordOf = (ctx: CommandContext, o: PasswordOptions, name: string) =>
  requireSecret(ctx, {
    value: o.password,
    valueOption: '--password',
    file: o.passwordFile,
    fileOption: '--password-file',
    envName: 'PAYESH_PASSWORD',
    prompt: `password for "${name}"`,
  });

/** `--password-file` (or PAYESH_PASSWORD, or a prompt on a terminal); `--password` shows in ps. */
const withPasswordOptions = (command: Command): Command =>
  command
    .option(
      '--password-file <file>',
      'read the password from this file (else PAYESH_PASSWORD, else asked on a terminal)',
    )
    .option(
      '--password <p>',
      `the password itself (visible to other users in ps: prefer --password-file); ${MIN_PASSWORD_LENGTH} characters or more, hard to guess (README, "Users and tokens")`,
    );

export function registerUser(program: Command, ctx: CommandContext): void {
  const user = program
    .command('user')
    .description('manage the users of the review server: add, list, disable, enable, passwd, remove');
  withPasswordOptions(
    user
      .command('add')
      .description('add a user')
      .argument('<name>', 'user name')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`),
  )
    .option(...DB)
    .action(async (name: string, options: PasswordOptions & { role: string }) => {
      if (!(ROLES as readonly string[]).includes(options.role))
        throw new InputError(`--role must be one of ${ROLES.join(', ')}, got "${options.role}"`);
      const password = await passwordOf(ctx, options, name);
      const added = await withStore(
        options.db,
        (store) => addUser(store, { username: name, password, role: options.role as Role }),
        { create: true },
      );
      ctx.stdout(`added ${added.role} "${added.username}" to ${storeName(options.db)}\n`);
    });
  user
    .command('list')
    .description('list the users: id, name, role, state')
    .option(...DB)
    .action(async (options: { db: string }) => {
      const users = await withStore(options.db, listUsers);
      for (const u of users)
        ctx.stdout(
          `${u.id}\t${u.username}\t${u.role}\t${u.removed ? 'removed' : u.disabled ? 'disabled' : 'active'}\tadded ${u.createdAt}\n`,
        );
    });
  for (const [verb, disabled, what] of [
    ['disable', true, 'disable a user: their sessions end and their API tokens are revoked'],
    ['enable', false, 'enable a disabled user again'],
  ] as const) {
    user
      .command(verb)
      .description(what)
      .argument('<name>', 'user name')
      .option(...DB)
      .action(async (name: string, options: { db: string }) => {
        const changed = await withStore(options.db, async (store) =>
          setUserDisabled(store, (await findUserByName(store, name)).id, disabled),
        );
        ctx.stdout(`${verb}d "${changed.username}" in ${storeName(options.db)}\n`);
      });
  }
  withPasswordOptions(
    user.command('passwd').description("set a user's password (their sessions end)").argument('<name>', 'user name'),
  )
    .option(...DB)
    .action(async (name: string, options: PasswordOptions) => {
      const password = await passwordOf(ctx, options, name);
      const changed = await withStore(options.db, async (store) =>
        setPassword(store, (await findUserByName(store, name)).id, password),
      );
      ctx.stdout(`set the password of "${changed.username}" in ${storeName(options.db)}\n`);
    });
  user
    .command('remove')
    .description('remove a user: they can no longer sign in; their decisions and the audit log keep their name')
    .argument('<name>', 'user name')
    .option(...DB)
    .action(async (name: string, options: { db: string }) => {
      await withStore(options.db, async (store) => removeUser(store, (await findUserByName(store, name)).id));
      ctx.stdout(`removed "${name}" from ${storeName(options.db)} (the audit log keeps their name)\n`);
    });
  for (const command of [user, ...user.commands])
    command.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
}
