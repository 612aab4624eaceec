import type { SqlParams, SqlValue } from './sql.js';

/**
 * Rewrites `?` and `@name` placeholders to PostgreSQL's `$n` (a name used twice gets one number),
 * leaving quoted text alone, and gives the values in `$n` order.
 */
export function toNumbered(sql: string, params: SqlParams = []): { text: string; values: SqlValue[] } {
  const values: SqlValue[] = [];
  const named = new Map<string, number>();
  const positional = Array.isArray(params) ? (params as readonly SqlValue[]) : null;
  let next = 0;
  let text = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === '?') {
      if (!positional || next >= positional.length) throw new Error(`missing parameter ${next + 1} of: ${sql}`);
      values.push(positional[next++]!);
      text += `$${values.length}`;
    } else if (ch === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      if (positional) throw new Error(`named parameter @${name} with positional values in: ${sql}`);
      let n = named.get(name);
      if (n === undefined) {
        values.push(((params as Record<string, SqlValue | undefined>)[name] ?? null) as SqlValue);
        n = values.length;
        named.set(name, n);
      }
      text += `$${n}`;
      i += name.length;
    } else text += ch;
  }
  return { text, values };
}
