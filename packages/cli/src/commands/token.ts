import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { MAX_TOKEN_DAYS, TOKEN_DAYS } from '@payesh/contract';
import { createApiToken, findUserByName, listApiTokens, revokeApiToken } from '@payesh/store';
import type { CommandContext } from '../context.js';
import { DB_OPTION_HELP, storeName, withStore } from '../existing-store.js';

const DB = ['--db <file>', DB_OPTION_HELP, 'payesh.db'] as const;

function wholeNumber(value: string, option: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new InputError(`${option} must be a whole number 1-${max}, got "${value}"`);
  return Number(value);
}

export function registerToken(program: Command, ctx: CommandContext): void {
  const token = program.command('token').description('API tokens for scripts: create, list, revoke');
  token
    .command('create')
    .description('make an API token for a user (printed once; only its hash is kept)')
    .argument('<user>', 'user name')
    .requiredOption('--label <text>', 'what the token is for')
    .option('--days <n>', `how long it lives (at most ${MAX_TOKEN_DAYS})`, String(TOKEN_DAYS))
    .option(...DB)
    .action(async (name: string, options: { label: string; days: string; db: string }) => {
      const days = wholeNumber(options.days, '--days', MAX_TOKEN_DAYS);
      const made = await withStore(options.db, async (store) =>
        createApiToken(store, (await findUserByName(store, name)).id, options.label, days),
      );
      ctx.stdout(`token ${made.id} for "${name}", valid until ${made.expiresAt}:\n${made.token}\n`);
    });
  token
    .command('list')
    .description('list API tokens (never their secrets): id, user, label, state, created, expires, last used')
    .option('--user <name>', 'only this user’s')
    .option(...DB)
    .action(async (options: { user?: string; db: string }) => {
      const tokens = await withStore(options.db, async (store) =>
        listApiTokens(store, {
          userId: options.user === undefined ? undefined : (await findUserByName(store, options.user)).id,
        }),
      );
      for (const t of tokens)
        ctx.stdout(
          `${t.id}\t${t.username}\t${t.label}\t${t.status}\tcreated ${t.createdAt}\texpires ${t.expiresAt}\tlast used ${t.lastUsedAt ?? 'never'}\n`,
        );
    });
  token
    .command('revoke')
    .description('revoke an API token at once')
    .argument('<id>', 'the token id (see payesh token list)')
    .option(...DB)
    .action(async (id: string, options: { db: string }) => {
      const tokenId = wholeNumber(id, 'token id', Number.MAX_SAFE_INTEGER);
      await withStore(options.db, (store) => revokeApiToken(store, tokenId, null));
      ctx.stdout(`revoked token ${tokenId} in ${storeName(options.db)}\n`);
    });
  for (const command of [token, ...token.commands])
    command.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
}
