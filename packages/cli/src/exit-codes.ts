import { PayeshError } from '@payesh/core';

/** Exit codes of every payesh command, in one place. */
export const EXIT = {
  ok: 0,
  /** A bug in Payesh: the message asks for a report. */
  internal: 1,
  /** The user's input: a missing, corrupt or unsupported file, a bad option. */
  input: 2,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export interface Failure {
  readonly exitCode: number;
  /** One line for stderr. */
  readonly line: string;
}

/** Maps anything thrown by a command to an exit code and one line naming the file and the problem. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof PayeshError) {
    const where = error.file === undefined ? '' : `${error.file}: `;
    // One line, whatever a library put in the message.
    return { exitCode: EXIT.input, line: `payesh: ${where}${error.message.replace(/\s*\n\s*/g, '; ')}` };
  }
  if ((error as { name?: string } | null)?.name === 'AbortError') {
    return { exitCode: EXIT.interrupted, line: 'payesh: interrupted' };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: EXIT.internal, line: `payesh: internal error, please report it: ${message}` };
}
