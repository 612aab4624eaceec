/** What a source has fetched so far: for tests, benchmarks and logs. Callers may share one across sources. */
export interface ByteStats {
  /** Reads from the file, or HTTP requests sent (retries included). */
  requests: number;
  /** Bytes read from the file or received in response bodies. */
  bytes: number;
  /** HTTP requests sent again after a network error, a 5xx or a 429. */
  retries: number;
}

export const newByteStats = (): ByteStats => ({ requests: 0, bytes: 0, retries: 0 });

/**
 * Random access to the bytes of one raster, wherever it lives (a local file, an object behind HTTP).
 * `read` returns `length` bytes, or fewer where the range runs past `size`; it never reads past the end.
 */
export interface ByteSource {
  /** What messages name: the path, or the URL without credentials. */
  readonly name: string;
  readonly size: number;
  /** Reads may wait on a network (so waits are abortable, and reads worth prefetching). */
  readonly remote: boolean;
  readonly stats: ByteStats;
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Remote sources: start fetching bytes a read will soon want (errors surface at that read). */
  prefetch?(offset: number, length: number): void;
  close(): Promise<void>;
}
