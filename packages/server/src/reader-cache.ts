import { LRUCache } from 'lru-cache';
import type { RasterReader } from '@payesh/core';

/** An open reader and who is reading it: an evicted one is closed only once nobody is. */
interface Entry {
  readonly reader: Promise<RasterReader>;
  users: number;
  evicted: boolean;
  closed?: Promise<void>;
}

const closeEntry = (entry: Entry): void => {
  entry.closed ??= entry.reader.then((r) => r.close()).catch(() => undefined);
};

/**
 * Open readers by path, at most `maxEntries` (open files; each reader bounds its own block cache),
 * the least recently used closed on eviction, but never while a request still reads it.
 */
export class ReaderCache {
  private readonly lru: LRUCache<string, Entry>;

  constructor(
    private readonly open: (path: string) => Promise<RasterReader>,
    maxEntries = 16,
  ) {
    this.lru = new LRUCache<string, Entry>({
      max: maxEntries,
      dispose: (entry) => {
        entry.evicted = true;
        if (entry.users === 0) closeEntry(entry);
      },
    });
  }

  /** Runs `read` with the reader of `path`, which stays open until `read` settles. */
  async use<T>(path: string, read: (reader: RasterReader) => Promise<T> | T): Promise<T> {
    let entry = this.lru.get(path);
    if (!entry) {
      const created: Entry = { reader: this.open(path), users: 0, evicted: false };
      created.reader.catch(() => this.lru.get(path) === created && this.lru.delete(path));
      this.lru.set(path, created);
      entry = created;
    }
    entry.users++;
    try {
      return await read(await entry.reader);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) closeEntry(entry);
    }
  }

  /** Readers open now. */
  get size(): number {
    return this.lru.size;
  }

  /** Closes every reader (those in use once their reads end). */
  async close(): Promise<void> {
    const entries = [...this.lru.values()];
    this.lru.clear();
    await Promise.all(entries.map((e) => e.closed));
  }
}
