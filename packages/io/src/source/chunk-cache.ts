import { LRUCache } from 'lru-cache';
import { untilAborted } from './until-aborted.js';

/** Fetches bytes [start, end) of the object, all of them. */
export type RangeFetch = (start: number, end: number) => Promise<Uint8Array>;

interface Waiting {
  readonly index: number;
  readonly resolve: (chunk: Uint8Array) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Remote bytes in aligned chunks: each chunk is fetched once and kept in an LRU with a byte budget,
 * concurrent reads of a chunk share its request, and the chunks every read asks for in the same turn
 * of the event loop are fetched together, adjacent ones in one range request (a window's tiles lie
 * side by side in a COG), up to `maxRequestBytes` a request.
 */
export class ChunkCache {
  private readonly lru: LRUCache<number, Uint8Array>;
  private readonly inflight = new Map<number, Promise<Uint8Array>>();
  private queued: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly size: number,
    private readonly chunkBytes: number,
    cacheBytes: number,
    private readonly maxRequestBytes: number,
    private readonly fetchRange: RangeFetch,
  ) {
    this.lru = new LRUCache<number, Uint8Array>({
      maxSize: Math.max(cacheBytes, chunkBytes),
      sizeCalculation: (chunk) => Math.max(1, chunk.byteLength),
    });
  }

  /** Keeps bytes already fetched from the start of the object (while opening it): the whole chunks among them. */
  seed(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.byteLength; at += this.chunkBytes) {
      const end = Math.min(at + this.chunkBytes, this.size);
      if (end > bytes.byteLength) break;
      this.lru.set(at / this.chunkBytes, bytes.slice(at, end));
    }
  }

  /** Bytes [offset, offset + length) clipped to the object, as a new array the caller may change. */
  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const start = Math.max(0, offset);
    const end = Math.min(this.size, offset + length);
    if (end <= start) return new Uint8Array(0);
    const first = Math.floor(start / this.chunkBytes);
    const last = Math.floor((end - 1) / this.chunkBytes);
    const parts: Promise<Uint8Array>[] = [];
    for (let i = first; i <= last; i++) parts.push(this.chunk(i));
    const chunks = await untilAborted(Promise.all(parts), signal);
    const out = new Uint8Array(end - start);
    chunks.forEach((chunk, k) => {
      const chunkStart = (first + k) * this.chunkBytes;
      const from = Math.max(start, chunkStart) - chunkStart;
      const to = Math.min(end, chunkStart + chunk.byteLength) - chunkStart;
      out.set(chunk.subarray(from, to), chunkStart + from - start);
    });
    return out;
  }

  private chunk(index: number): Promise<Uint8Array> {
    const cached = this.lru.get(index);
    if (cached) return Promise.resolve(cached);
    const pending = this.inflight.get(index);
    if (pending) return pending;
    const promise = new Promise<Uint8Array>((resolve, reject) => this.queued.push({ index, resolve, reject }));
    promise.catch(() => undefined); // its readers see the rejection; nobody else must
    this.inflight.set(index, promise);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /** Sends what was queued this turn: runs of adjacent chunks, one request each. */
  private flush(): void {
    this.flushing = false;
    const queued = this.queued.sort((a, b) => a.index - b.index);
    this.queued = [];
    const perRequest = Math.max(1, Math.floor(this.maxRequestBytes / this.chunkBytes));
    let run: Waiting[] = [];
    for (const w of queued) {
      const prev = run.at(-1);
      if (prev && (w.index !== prev.index + 1 || run.length >= perRequest)) {
        this.fetchRun(run);
        run = [];
      }
      run.push(w);
    }
    if (run.length > 0) this.fetchRun(run);
  }

  private fetchRun(run: readonly Waiting[]): void {
    const start = run[0]!.index * this.chunkBytes;
    const end = Math.min(this.size, (run.at(-1)!.index + 1) * this.chunkBytes);
    this.fetchRange(start, end).then(
      (bytes) => {
        for (const w of run) {
          const from = w.index * this.chunkBytes - start;
          const chunk =
            run.length === 1 ? bytes : bytes.slice(from, Math.min(bytes.byteLength, from + this.chunkBytes));
          this.lru.set(w.index, chunk);
          this.inflight.delete(w.index);
          w.resolve(chunk);
        }
      },
      (error: unknown) => {
        for (const w of run) {
          this.inflight.delete(w.index);
          w.reject(error);
        }
      },
    );
  }

  /** Bytes cached now. */
  get cachedBytes(): number {
    return this.lru.calculatedSize;
  }
}
