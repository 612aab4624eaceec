import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { addUser, openStore, ROLES, type Role } from '@payesh/store';
import type { CommandContext } from '../context.js';

export function registerUser(program: Command, ctx: CommandContext): void {
  const user = program.command('user').description('manage the users of the review server');
  user
    .command('add')
    .description('add a user')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--password <p>', 'at least 10 characters')
    .option('--db <file>', 'the SQLite store', 'payesh.db')
    .action(async (name: string, options: { role: string; password: string; db: string }) => {
      if (!(ROLES as readonly string[]).includes(options.role)) throw new InputError(`--role must be one of ${ROLES.join(', ')}, got "${options.role}"`);
      const store = openStore(options.db);
      try {
        const added = await addUser(store, { username: name, password: options.password, role: options.role as Role });
        ctx.stdout(`added ${added.role} "${added.username}" to ${options.db}\n`);
      } finally {
        store.close();
      }
    });
  user.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
}
