import { describe, expect, it } from 'vitest';
import { echoInput, printable } from './printable.js';

describe('printable', () => {
  it('escapes NULs, control characters, bidi controls and lone surrogates, and keeps Persian text', () => {
    expect(printable('a\u0000b\u001b[31mc\nd\r\te\u007f\u0085')).toBe(
      'a\\u0000b\\u001b[31mc\\u000ad\\u000d\\u0009e\\u007f\\u0085',
    );
    expect(printable('\u202eevil\u202c \u2066x\u2069')).toBe('\\u202eevil\\u202c \\u2066x\\u2069');
    expect(printable('lone \ud800 and \udc00')).toBe('lone \\ud800 and \\udc00');
    expect(printable('خوی، می‌خواهم 😀')).toBe('خوی، می‌خواهم 😀');
  });
});

describe('echoInput', () => {
  it('cuts long values at 80 characters with an ellipsis, never inside a pair', () => {
    expect(echoInput('x'.repeat(80))).toBe('x'.repeat(80));
    expect(echoInput('x'.repeat(500))).toBe(`${'x'.repeat(79)}…`);
    expect(echoInput('😀'.repeat(100))).toBe(`${'😀'.repeat(79)}…`);
    expect(echoInput('\u0000'.repeat(100))).toBe(`${'\\u0000'.repeat(79)}…`);
    expect(echoInput(12)).toBe('12');
  });
});
