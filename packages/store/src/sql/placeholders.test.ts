import { describe, expect, it } from 'vitest';
import { toNumbered } from './placeholders.js';

describe('placeholders for PostgreSQL', () => {
  it('numbers ? in order and gives one number to each @name, however often it occurs', () => {
    expect(toNumbered('SELECT * FROM t WHERE a = ? AND b = ?', [1, 'x'])).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = $2',
      values: [1, 'x'],
    });
    expect(toNumbered('a = @run AND b > @after OR c = @run', { run: 'r', after: 3 })).toEqual({
      text: 'a = $1 AND b > $2 OR c = $1',
      values: ['r', 3],
    });
  });

  it('leaves quoted text alone, and gives null for a name whose value is undefined', () => {
    expect(toNumbered("SELECT '?', 'me@home', \"@x\" FROM t WHERE a = @a", { a: undefined })).toEqual({
      text: "SELECT '?', 'me@home', \"@x\" FROM t WHERE a = $1",
      values: [null],
    });
  });

  it('refuses too few values and names mixed with positions', () => {
    expect(() => toNumbered('a = ? AND b = ?', [1])).toThrow(/missing parameter 2/);
    expect(() => toNumbered('a = @a', [1])).toThrow(/named parameter @a with positional values/);
  });
});
