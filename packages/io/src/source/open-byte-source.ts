import { newByteStats, type ByteSource, type ByteStats } from './byte-source.js';
import { openFileSource } from './file-source.js';
import type { HttpOptions } from './http-request.js';
import { openHttpSource } from './http-source.js';
import { isHttpUrl } from './url.js';

export interface ByteSourceOptions {
  readonly http?: HttpOptions;
  /** Counts what is read (shared by every source opened with it). */
  readonly stats?: ByteStats;
  readonly signal?: AbortSignal;
}

/** A local path as a file source, an http(s) URL as a range-request source. */
export function openByteSource(pathOrUrl: string, options: ByteSourceOptions = {}): Promise<ByteSource> {
  const stats = options.stats ?? newByteStats();
  if (isHttpUrl(pathOrUrl)) return openHttpSource(pathOrUrl, options.http, stats, options.signal);
  options.signal?.throwIfAborted();
  return openFileSource(pathOrUrl, stats);
}
