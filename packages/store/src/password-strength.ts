import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's warnings (its keys: no translation package is loaded) in plain English. */
const WARNINGS: Record<string, string> = {
  straightRow: 'a straight row of keys',
  keyPattern: 'a short keyboard pattern',
  simpleRepeat: 'a repeated character ("aaa")',
  extendedRepeat: 'a repeated pattern ("abcabcabc")',
  sequences: 'a common sequence ("abc", "123")',
  recentYears: 'a recent year',
  dates: 'a date',
  topTen: 'one of the ten most used passwords',
  topHundred: 'one of the hundred most used passwords',
  common: 'a commonly used password',
  similarToCommon: 'too close to a commonly used password',
  wordByItself: 'a single word',
  namesByThemselves: 'a name',
  commonNames: 'a common name',
  userInputs: 'built from the user name',
};

let estimator: ZxcvbnFactory | undefined;

/** The zxcvbn estimator with the common dictionary and keyboard graphs (loaded once). */
const zxcvbn = (): ZxcvbnFactory => (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/**
 * Why a password is too easy to guess (zxcvbn score below 3: under 10^8 guesses, the user name counted
 * as a known word), or null when it is strong enough.
 */
export function weakPasswordReason(username: string, password: string): string | null {
  const result = zxcvbn().check(password, [username]);
  if (result.score >= 3) return null;
  const warning = result.feedback.warning;
  return `too easy to guess: ${(warning && WARNINGS[warning]) ?? 'few guesses find it'}; use a few unrelated words`;
}
