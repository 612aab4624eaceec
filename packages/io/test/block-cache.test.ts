import { describe, expect, it } from 'vitest';
import { BlockCache } from '../src/geotiff/block-cache.js';

describe('BlockCache', () => {
  it('decodes a block once, shares concurrent reads and evicts the least recently used past its budget', async () => {
    const cache = new BlockCache<Uint8Array | null>(250);
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
    expect(cache.sizeBytes).toBe(200);
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
});
