/**
 * One error family for the whole project. Core and io throw these; only the edges (cli, server)
 * translate them into exit codes or HTTP statuses.
 */
export type ErrorCode = 'input' | 'data' | 'not-found' | 'unsupported' | 'limit' | 'conflict' | 'forbidden';

export class PayeshError extends Error {
  readonly code: ErrorCode;
  /** The file the problem is about, when there is one. */
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = options.file;
  }
}

/** Bad parameters from the caller: a wrong option, a CRS that cannot be used, a bad permit row. */
export class InputError extends PayeshError {
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super('input', message, options);
  }
}

/** A file that is corrupt, truncated, or uses a feature Payesh does not read. */
export class DataError extends PayeshError {
  constructor(
    message: string,
    options: { file?: string; cause?: unknown; code?: 'data' | 'unsupported' | 'limit' } = {},
  ) {
    super(options.code ?? 'data', message, options);
  }
}

/** Something asked for by name that does not exist (a file, a run, an EPSG code). */
export class NotFoundError extends PayeshError {
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super('not-found', message, options);
  }
}

/** The request clashes with the current state: a parcel locked by someone else, a decision already made. */
export class ConflictError extends PayeshError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The caller may not do this (their role, or their own decision to validate). */
export class ForbiddenError extends PayeshError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** Wraps anything thrown while working on `file` into a DataError naming it, keeping PayeshErrors as they are. */
export function toDataError(error: unknown, file: string): PayeshError {
  if (error instanceof PayeshError) {
    return error.file === undefined ? new PayeshError(error.code, error.message, { file, cause: error.cause }) : error;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(`cannot read: ${reason}`, { file, cause: error });
}
