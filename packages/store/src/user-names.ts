import type Database from 'better-sqlite3';
import unhomoglyph from 'unhomoglyph';
import { InputError } from '@payesh/core';

const NAME = /^[\p{L}\p{M}\p{N}._-]{2,64}$/u;

/** Scripts a name may be written in (one of them per name); digits, marks, dots, dashes and underscores belong to any. */
const SCRIPTS = [
  'Latin',
  'Arabic',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Thai',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Ethiopic',
] as const;
const IN_SCRIPT = SCRIPTS.map((script) => ({ script, test: new RegExp(`^\\p{Script_Extensions=${script}}$`, 'u') }));
const ANY_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** The scripts every letter of `name` could belong to (empty: letters of scripts that never mix). */
function commonScripts(name: string): string[] {
  let scripts: string[] | null = null;
  for (const ch of name) {
    if (ANY_SCRIPT.test(ch)) continue;
    const own: string[] = IN_SCRIPT.filter((s) => s.test.test(ch)).map((s) => s.script);
    scripts =
      scripts === null
        ? own.length
          ? own
          : [`U+${ch.codePointAt(0)!.toString(16)}`]
        : scripts.filter((s) => own.includes(s));
  }
  return scripts ?? ['Common'];
}

/**
 * A user name as stored: outer spaces trimmed, NFKC-normalised (full-width and compatibility forms folded), 2-64 letters,
 * digits, dots, dashes or underscores, all letters of one script (so `sаra` with a Cyrillic а is refused).
 */
export function normaliseUserName(input: string): string {
  const name = input.trim().normalize('NFKC');
  if (!NAME.test(name))
    throw new InputError(`user name "${input}" must be 2-64 letters, digits, dots, dashes or underscores`);
  if (commonScripts(name).length === 0)
    throw new InputError(`user name "${input}" mixes alphabets (for example Latin and Cyrillic letters); use one`);
  return name;
}

/**
 * The key two names collide on when they look alike (a skeleton in the sense of Unicode TR39): case
 * folded, confusable characters mapped to one representative (Cyrillic а to Latin a, 0 to O, rn to m...).
 */
export function userNameKey(name: string): string {
  return unhomoglyph(name.normalize('NFKC').toLowerCase().normalize('NFD')).toLowerCase().normalize('NFD');
}

/** Gives users from before look-alike keys theirs (a name that collides with an earlier one keeps none). */
export function fillNameKeys(db: Database.Database): void {
  const rows = db.prepare('SELECT id, username FROM users WHERE name_key IS NULL ORDER BY id').all() as {
    id: number;
    username: string;
  }[];
  const set = db.prepare(
    'UPDATE users SET name_key = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM users WHERE name_key = ?)',
  );
  for (const r of rows) set.run(userNameKey(r.username), r.id, userNameKey(r.username));
}
