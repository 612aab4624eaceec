import { describe, expect, it } from 'vitest';
import { addUser, checkPassword, openStore } from '../src/index.js';

/** Mean milliseconds of `runs` sequential calls. */
async function meanMs(runs: number, call: () => Promise<unknown>): Promise<number> {
  await call(); // warm up
  const start = performance.now();
  for (let i = 0; i < runs; i++) await call();
  return (performance.now() - start) / runs;
}

describe('sign-in timing', () => {
  it('does the same scrypt work for an unknown name as for a known one (no user enumeration by timing)', async () => {
    const store = openStore(':memory:');
    await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
    const known = await meanMs(8, () => checkPassword(store, 'sara', 'wrong password!'));
    const unknown = await meanMs(8, () => checkPassword(store, 'nobody-here', 'wrong password!'));
    store.close();
    // Before the fix the stand-in hash did not parse and unknown names answered ~15x faster.
    expect(unknown / known, `unknown ${unknown.toFixed(1)} ms, known ${known.toFixed(1)} ms`).toBeGreaterThan(0.5);
  });
});
