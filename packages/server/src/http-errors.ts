import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { PayeshError, type ErrorCode } from '@payesh/core';

/** The one table from error codes to HTTP statuses. */
export const STATUS_OF: Readonly<Record<ErrorCode | 'unauthenticated', number>> = {
  input: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  limit: 413,
  unsupported: 422,
  data: 422,
};

/** A request without a valid session or token. */
export class UnauthenticatedError extends Error {
  readonly status = STATUS_OF.unauthenticated;
}

/** Every error as `{ "error": message }` with its status; stack traces stay in the log. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    let status = 500;
    let message = 'internal error; it has been logged';
    if (error instanceof ZodError) {
      status = 400;
      message = error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    } else if (error instanceof PayeshError) {
      status = STATUS_OF[error.code];
      message = error.message;
    } else if (error instanceof UnauthenticatedError) {
      status = error.status;
      message = error.message;
    } else if (
      typeof (error as { status?: unknown }).status === 'number' &&
      (error as { status: number }).status < 500
    ) {
      // body-parser: malformed JSON (400), too large (413), wrong charset (415)
      status = (error as { status: number }).status;
      message =
        status === 413 ? 'request body too large' : status === 400 ? 'malformed JSON body' : (error as Error).message;
    } else {
      log(`payesh serve: ${(error as Error)?.stack ?? String(error)}`);
    }
    res.status(status).json({ error: message });
  };
}
