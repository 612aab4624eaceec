import { z } from 'zod';
import { InputError } from '@payesh/core';

/** Numbers in URLs are written in decimal digits only: no sign, space, hex, exponent or empty string. */
const INTEGER = /^[0-9]{1,15}$/;
/** Coordinates and fractions: an optional minus, digits, an optional decimal part. */
const DECIMAL = /^-?[0-9]{1,15}(\.[0-9]{1,20})?$/;

/** A route or query integer from `min` to `max`, or an InputError naming it. */
export function parseInteger(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(value);
  const n = INTEGER.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max))
    throw new InputError(`${name} must be a decimal integer from ${min} to ${max}, got "${text.slice(0, 40)}"`);
  return n;
}

/** A decimal number (`-12.5`, `0.75`), or an InputError naming it. */
export function parseDecimal(value: unknown, name: string): number {
  const text = String(value);
  if (!DECIMAL.test(text)) throw new InputError(`${name} must be a decimal number, got "${text.slice(0, 40)}"`);
  return Number(text);
}

/** The same rules for zod query schemas. */
export const integerQuery = (min: number, max: number) =>
  z.string().regex(INTEGER, 'must be a decimal integer').transform(Number).pipe(z.number().min(min).max(max));
export const decimalQuery = () => z.string().regex(DECIMAL, 'must be a decimal number').transform(Number);
