import { describe, expect, it } from 'vitest';
import { TileCache } from '../src/tile-cache.js';

describe('TileCache', () => {
  it('keeps tiles up to its byte budget, dropping the least recently used, and remembers empty tiles', () => {
    const cache = new TileCache(250);
    cache.set('a', Buffer.alloc(100));
    cache.set('b', Buffer.alloc(100));
    cache.set('empty', null);
    expect(cache.get('a')?.length).toBe(100); // a is now the most recent
    cache.set('c', Buffer.alloc(100)); // 300 > 250: b goes
    expect([cache.get('a')?.length, cache.get('b'), cache.get('c')?.length, cache.get('empty')]).toEqual([100, undefined, 100, null]);
  });
});
