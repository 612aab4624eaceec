import { LRUCache } from 'lru-cache';

/** Blocks kept per file at most, whatever their size (empty ones included). */
export const BLOCK_CACHE_MAX_ENTRIES = 16_384;

/** Bytes an entry counts beyond its data: an empty (all-nodata, null) block is never free. */
const ENTRY_OVERHEAD_BYTES = 64;

/**
 * Decoded blocks of one open file, least recently used evicted past a byte and an entry budget
 * (lru-cache). Windows with a halo, neighbouring tiles and small region reads touch the same blocks
 * again; decoding each once saves most of the inflate work. Concurrent reads of a block share one decode.
 */
export class BlockCache<T extends { byteLength: number } | null> {
  private readonly lru: LRUCache<string, { value: T }, () => Promise<T>> | null;

  constructor(maxBytes: number, maxEntries = BLOCK_CACHE_MAX_ENTRIES) {
    this.lru =
      maxBytes > 0 && maxEntries > 0
        ? new LRUCache({
            max: maxEntries,
            maxSize: maxBytes,
            sizeCalculation: (entry, key) => (entry.value?.byteLength ?? 0) + key.length + ENTRY_OVERHEAD_BYTES,
            // A decode finishes even when its entry was evicted meanwhile: the reader asked for it.
            ignoreFetchAbort: true,
            fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
          })
        : null;
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.lru) return load();
    return (await this.lru.fetch(key, { context: load }))!.value;
  }

  /** Whether the block is decoded (or being decoded) now. */
  has(key: string): boolean {
    return this.lru?.has(key) ?? false;
  }

  /** Bytes counted now (data plus per-entry overhead). */
  get sizeBytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  get entries(): number {
    return this.lru?.size ?? 0;
  }
}
