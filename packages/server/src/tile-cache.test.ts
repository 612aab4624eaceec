import { describe, expect, it } from 'vitest';
import { createTileCache } from './tile-cache.js';

describe('tile cache', () => {
  it('keeps tiles up to its byte budget, dropping the least recently used, and remembers empty tiles', () => {
    const cache = createTileCache({ maxEntries: 100, maxBytes: 250 + 3 * 65 });
    cache.set('a', Buffer.alloc(100));
    cache.set('b', Buffer.alloc(100));
    cache.set('e', Buffer.alloc(0));
    expect(cache.get('a')?.length).toBe(100); // a is now the most recent
    cache.set('c', Buffer.alloc(100)); // 300 > 250: b goes
    expect([cache.get('a')?.length, cache.get('b'), cache.get('c')?.length, cache.get('e')?.length]).toEqual([
      100,
      undefined,
      100,
      0,
    ]);
  });

  it('counts "nothing to draw" tiles toward its byte budget: a hundred thousand of them do not fit', () => {
    const cache = createTileCache({ maxEntries: 10_000_000, maxBytes: 64 * 1024 });
    for (let i = 0; i < 100_000; i++) cache.set(`"tile-${i}"`, Buffer.alloc(0));
    expect(cache.calculatedSize).toBeLessThanOrEqual(64 * 1024);
    expect(cache.size).toBeLessThan(1000);
  });

  it('bounds the number of entries', () => {
    const cache = createTileCache({ maxEntries: 500, maxBytes: 1e9 });
    for (let i = 0; i < 5_000; i++) cache.set(`t${i}`, Buffer.alloc(1));
    expect(cache.size).toBe(500);
  });
});
