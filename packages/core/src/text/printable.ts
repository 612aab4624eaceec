/**
 * What must not reach a terminal or a log line as it is: C0 and C1 control characters (NUL, ESC,
 * line breaks...), DEL, the line and paragraph separators, the byte-order mark, bidi embeddings and
 * overrides (U+202A-U+202E) and isolates (U+2066-U+2069), and surrogates without their pair.
 * Persian text and its zero-width non-joiner (U+200C) and marks (U+200E, U+200F) pass unchanged.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeOne = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text with every unsafe character written as a `\u0000` escape: one line, shown as it is. */
export const printable = (text: string): string => text.replace(UNSAFE, escapeOne);

/** How many characters of a value from an input file an error line quotes. */
export const ECHO_LENGTH = 80;

/**
 * A value taken from an input file, ready for an error or warning line: at most `max` characters
 * (whole code points; cut ones end in `…`), unsafe characters escaped.
 */
export function echoInput(value: unknown, max = ECHO_LENGTH): string {
  const text = String(value);
  const points = Array.from(text);
  return printable(points.length > max ? `${points.slice(0, max - 1).join('')}…` : text);
}
