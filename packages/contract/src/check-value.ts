import type { z } from 'zod';

/**
 * A value that is not what the contract says (a run.json, a flags.geojson), naming the first field
 * that is wrong. The contract does no I/O and imports no runtime code of its own: the edge that read the
 * value turns this into its InputError, naming the file.
 */
export class ContractError extends Error {
  /** The field, dotted (`inputs.before.path`, `features.3.properties.rank`); '' for the value itself. */
  readonly field: string;

  constructor(message: string, field: string) {
    super(message);
    this.name = 'ContractError';
    this.field = field;
  }
}

const shown = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
};

const article = (type: string): string =>
  type === 'array' ? 'a list' : type === 'object' ? 'an object' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;

/** One line for the first issue: `<subject> has no <field>`, or `<subject>: <field> must be ..., got ...`. */
function describe(subject: string, issue: z.core.$ZodIssue, at: readonly (string | number)[]): ContractError {
  const field = [...at, ...issue.path].map(String).join('.');
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && input === undefined && field)
    return new ContractError(`${subject} has no ${field}`, field);
  const where = field ? `${subject}: ${field}` : subject;
  if (issue.code === 'invalid_type')
    return new ContractError(`${where} must be ${article(issue.expected)}, got ${shown(input)}`, field);
  if (issue.code === 'invalid_value')
    return new ContractError(
      `${where} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${shown(input)}`,
      field,
    );
  // Our own messages say what the value must be ("must be a date YYYY-MM-DD"): followed by what it is.
  if (issue.message.startsWith('must '))
    return new ContractError(`${where} ${issue.message}, got ${shown(input)}`, field);
  return new ContractError(`${where}: ${issue.message}`, field);
}

/**
 * `value` checked against `schema` and returned as it came (not zod's copy): the schemas of files have
 * no transforms or defaults, so the two hold the same, and keeping the original keeps its key order
 * (digests and stored JSON stay what they were). Throws a ContractError naming the first wrong field,
 * its path starting with `at` (where the value sits in `subject`).
 */
export function checkValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  subject: string,
  at: readonly (string | number)[] = [],
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw describe(subject, result.error.issues[0]!, at);
  return value as z.output<S>;
}
