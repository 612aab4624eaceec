import { createHash } from 'node:crypto';

/** What a queued run's identity rests on: the command and its output, its options, and its inputs' contents. */
export interface RunIdentity {
  readonly command: 'detect' | 'compare';
  /** The output folder, absolute. */
  readonly out: string;
  /** The job's options and arguments as plain data (paths absolute). */
  readonly job: unknown;
  /** The method by name and the version of Payesh that scores it. */
  readonly method: { readonly name: string; readonly version: string };
  /** SHA-256 of every input file by role (before, after, model, parcels, permits). */
  readonly inputs: Readonly<Record<string, string | null>>;
}

/** JSON with object keys sorted, so equal data always gives equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A run's id: a digest of what it computes from what. Submitting the same run again gives the same id,
 * and so the same job ids, which BullMQ does not add twice; a changed input, option, method or model
 * version gives another.
 */
export function runKey(identity: RunIdentity): string {
  return createHash('sha256').update(canonical(identity)).digest('hex').slice(0, 24);
}

/** The job id of a run's window (a row of cells, by its index in the cell layout). */
export function windowJobId(run: string, row: number): string {
  return `${run}-w${row}`;
}

/** The job id of a run's assembly (the parent of its windows). */
export function assembleJobId(run: string): string {
  return `${run}-assemble`;
}
