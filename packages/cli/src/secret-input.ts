import { readFile } from 'node:fs/promises';
import { InputError } from '@payesh/core';
import type { CommandContext } from './context.js';

/** Where a password may come from, in the order tried. */
export interface SecretSources {
  /** The option's value (visible to others in `ps`: kept for scripts that already use it). */
  readonly value?: string;
  /** A file holding the password (one trailing newline dropped). */
  readonly file?: string;
  /** The option that names the file, for messages. */
  readonly fileOption: string;
  /** The environment variable that may hold it. */
  readonly envName: string;
  /** What to ask on a terminal. */
  readonly prompt: string;
}

/** The password from the option, the file, the environment or the terminal (asked twice); null when none of them is there. */
export async function readSecret(ctx: CommandContext, s: SecretSources): Promise<string | null> {
  if (s.value !== undefined) return s.value;
  if (s.file !== undefined) {
    const text = await readFile(s.file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new InputError(
        `${s.fileOption}: cannot read the password file: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
        { file: s.file },
      );
    });
    const password = text.replace(/\r?\n$/, '');
    if (password === '') throw new InputError(`${s.fileOption}: the password file is empty`, { file: s.file });
    return password;
  }
  const fromEnv = ctx.env?.[s.envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!ctx.askSecret) return null;
  const first = await ctx.askSecret(`${s.prompt}: `);
  if ((await ctx.askSecret('the same again: ')) !== first) throw new InputError('the two passwords differ');
  return first;
}

/** As `readSecret`, but one clear error when there is no password anywhere. */
export async function requireSecret(
  ctx: CommandContext,
  s: SecretSources & { readonly valueOption: string },
): Promise<string> {
  const password = await readSecret(ctx, s);
  if (password === null)
    throw new InputError(
      `give the password with ${s.fileOption} <file> or the environment variable ${s.envName}, or run on a terminal to be asked (${s.valueOption} works too but shows in ps)`,
    );
  return password;
}
