/**
 * Decoded blocks of one open file, least recently used evicted past a byte budget. Windows with a
 * halo, neighbouring tiles and small region reads touch the same blocks again; decoding each once
 * saves most of the inflate work. Values are promises, so concurrent reads of a block share one decode.
 */
export class BlockCache<T extends { byteLength: number } | null> {
  private readonly entries = new Map<string, { value: Promise<T>; bytes: number }>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = load();
    if (this.budgetBytes <= 0) return value;
    const entry = { value, bytes: 0 };
    this.entries.set(key, entry);
    value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = v?.byteLength ?? 0;
        this.bytes += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  get sizeBytes(): number {
    return this.bytes;
  }
}
