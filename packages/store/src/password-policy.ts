import { readFileSync } from 'node:fs';
import { InputError } from '@payesh/core';
import { MAX_PASSWORD_LENGTH } from '@payesh/contract';
import { weakPasswordReason } from './password-strength.js';

export const MIN_PASSWORD_LENGTH = 12;

/** The 10,000 most common passwords (data/common-passwords.txt, see data/README.md), lower-case. */
export type CommonPasswords = ReadonlySet<string>;

export function loadCommonPasswords(): CommonPasswords {
  return new Set(
    readFileSync(new URL('../data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
}

/** The password without digits and symbols around it ("Password2024!" -> "password"). */
const core = (password: string): string => password.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/** How many times `name` occurs in `text` (not overlapping). */
const occurrences = (text: string, name: string): number => (name ? text.split(name).length - 1 : 0);

/**
 * Refuses a weak password with one message per rule: shorter than 12 characters, mostly the user name
 * (its occurrences are half the password or more: "sara2024sara"), a common password (also with digits
 * or symbols around it: "Qwerty2024!!", which zxcvbn alone lets through), or too easy to guess for
 * zxcvbn (score below 3; this also covers repeats, sequences, keyboard rows and dates).
 */
export function checkPasswordPolicy(username: string, password: string, common: CommonPasswords): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    throw new InputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length})`);
  if (length > MAX_PASSWORD_LENGTH) throw new InputError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase().normalize('NFKC');
  const name = username.toLowerCase().normalize('NFKC');
  if (occurrences(lower, name) * name.length * 2 >= lower.length)
    throw new InputError('a password must not be the user name, or mostly it');
  if (common.has(lower) || common.has(core(password)) || common.has(lower.replace(/\s+/g, '')))
    throw new InputError('this password is one of the 10,000 most common ones; choose another');
  const weak = weakPasswordReason(username, password);
  if (weak) throw new InputError(weak);
}
