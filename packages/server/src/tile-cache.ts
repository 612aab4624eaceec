import { LRUCache } from 'lru-cache';

/** What the encoded tile cache may hold. */
export interface TileCacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/** Encoded tiles by key; an empty Buffer is a tile outside the data (answered 204). */
export type TileCache = LRUCache<string, Buffer>;

/** Bytes an entry counts beyond its bytes: an empty tile is never free (key length + 64). */
export const tileEntryBytes = (tile: Buffer, key: string): number => tile.length + key.length + 64;

/** Encoded tiles, the least recently used dropped past `maxEntries` or `maxBytes`. */
export function createTileCache(limits: TileCacheLimits): TileCache {
  return new LRUCache<string, Buffer>({
    max: limits.maxEntries,
    maxSize: limits.maxBytes,
    sizeCalculation: tileEntryBytes,
  });
}
