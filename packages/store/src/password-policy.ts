import { readFileSync } from 'node:fs';
import { InputError } from '@payesh/core';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** The 10,000 most common passwords (data/common-passwords.txt, see data/README.md), lower-case. */
export type CommonPasswords = ReadonlySet<string>;

export function loadCommonPasswords(): CommonPasswords {
  return new Set(readFileSync(new URL('../data/common-passwords.txt', import.meta.url), 'utf8').split('\n').filter(Boolean));
}

/** The password without digits and symbols around it ("Password2024!" -> "password"). */
const core = (password: string): string => password.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/**
 * Refuses a weak password with one message per rule: shorter than 12 characters, the user name (or
 * mostly it), a common password (also with digits or symbols around it), or one character or a short
 * run repeated ("aaaaaaaaaaaa", "abcabcabcabc").
 */
export function checkPasswordPolicy(username: string, password: string, common: CommonPasswords): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw new InputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length})`);
  if (length > MAX_PASSWORD_LENGTH) throw new InputError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase().normalize('NFKC');
  const name = username.toLowerCase().normalize('NFKC');
  if (lower.includes(name) && name.length * 2 >= lower.length) throw new InputError('a password must not be the user name, or mostly it');
  if (/^(.{1,3})\1+$/su.test(lower)) throw new InputError('a password must not be one character or a short run repeated');
  if (common.has(lower) || common.has(core(password)) || common.has(lower.replace(/\s+/g, ''))) throw new InputError('this password is one of the 10,000 most common ones; choose another');
}
