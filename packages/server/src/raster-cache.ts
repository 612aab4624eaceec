import type { RasterReader } from '@payesh/core';

/** Open readers by path, the least recently used closed past `max` (readers keep their own block caches). */
export class ReaderCache {
  private readonly readers = new Map<string, Promise<RasterReader>>();

  constructor(
    private readonly open: (path: string) => Promise<RasterReader>,
    private readonly max = 16,
  ) {}

  get(path: string): Promise<RasterReader> {
    let reader = this.readers.get(path);
    if (reader) this.readers.delete(path);
    else reader = this.open(path);
    this.readers.set(path, reader);
    reader.catch(() => this.readers.delete(path));
    while (this.readers.size > this.max) {
      const [oldest, r] = this.readers.entries().next().value!;
      this.readers.delete(oldest);
      void r.then((x) => x.close()).catch(() => undefined);
    }
    return reader;
  }

  async close(): Promise<void> {
    for (const r of this.readers.values()) await r.then((x) => x.close()).catch(() => undefined);
    this.readers.clear();
  }
}
