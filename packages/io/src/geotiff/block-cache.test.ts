import { describe, expect, it } from 'vitest';
import { BlockCache } from './block-cache.js';

/** What an entry counts beyond its data (key length + 64). */
const overhead = (key: string): number => key.length + 64;

describe('BlockCache', () => {
  it('decodes a block once, shares concurrent reads and evicts the least recently used past its budget', async () => {
    const cache = new BlockCache<Uint8Array | null>(250 + 3 * overhead('a'));
    let loads = 0;
    const load = (n: number) => async () => {
      loads++;
      return new Uint8Array(n);
    };
    const [a, b] = await Promise.all([cache.get('a', load(100)), cache.get('a', load(100))]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    await cache.get('b', load(100));
    await cache.get('a', load(100)); // a is now the most recent
    await cache.get('c', load(100)); // 300 bytes > 250: b goes
    expect(cache.sizeBytes).toBe(200 + 2 * overhead('a'));
    await cache.get('a', load(100));
    expect(loads).toBe(3);
    await cache.get('b', load(100));
    expect(loads).toBe(4);
  });
  it('forgets failed decodes so a later read retries', async () => {
    const cache = new BlockCache<Uint8Array | null>(1000);
    await expect(cache.get('x', async () => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    expect(await cache.get('x', async () => new Uint8Array(3))).toHaveLength(3);
  });
  it('counts empty (null) blocks toward the byte budget and bounds the number of entries', async () => {
    const bytes = new BlockCache<Uint8Array | null>(20_000);
    for (let i = 0; i < 20_000; i++) await bytes.get(`0:${i}`, async () => null);
    expect(bytes.sizeBytes).toBeGreaterThan(18_000);
    expect(bytes.sizeBytes).toBeLessThanOrEqual(20_000);
    expect(bytes.entries).toBeLessThan(400);
    const entries = new BlockCache<Uint8Array | null>(1e9, 500);
    for (let i = 0; i < 2_000; i++) await entries.get(`0:${i}`, async () => new Uint8Array(1));
    expect(entries.entries).toBe(500);
  });
});
