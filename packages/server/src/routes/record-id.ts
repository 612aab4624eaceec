import { InputError } from '@payesh/core';

/** A route's numeric id (a user, an API token): a positive whole number, else one clear 400. */
export function recordId(value: unknown, what: string): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,14}$/.test(value))
    throw new InputError(`${what} id must be a positive whole number, got "${String(value)}"`);
  return Number(value);
}
