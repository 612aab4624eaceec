import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, InputError, NotFoundError, PayeshError } from '@payesh/core';
import type { ByteStats } from './byte-source.js';

/** How a source talks HTTP: retries, back-off and timeouts (each has a default). */
export interface HttpOptions {
  /** Attempts after the first on a network error, a timeout, a 5xx or a 429 (default 4). */
  readonly retries?: number;
  /** First back-off, doubled at each retry, with jitter (default 250 ms). */
  readonly backoffMs?: number;
  /** Longest wait between attempts, Retry-After included (default 20 s). */
  readonly maxBackoffMs?: number;
  /** One request, headers and body, must finish within this (default 30 s). */
  readonly timeoutMs?: number;
  /** Bytes fetched and cached at a time, aligned (default 64 KiB). */
  readonly chunkBytes?: number;
  /** Fetched chunks kept per source (default 16 MiB). */
  readonly cacheBytes?: number;
  /** Largest single range request; adjacent chunks are merged up to this (default 8 MiB). */
  readonly maxRequestBytes?: number;
}

export const DEFAULT_HTTP_OPTIONS: Required<HttpOptions> = {
  retries: 4,
  backoffMs: 250,
  maxBackoffMs: 20_000,
  timeoutMs: 30_000,
  chunkBytes: 64 * 1024,
  cacheBytes: 16 * 1024 * 1024,
  maxRequestBytes: 8 * 1024 * 1024,
};

/** Where a request goes and what it is called in messages (the URL without credentials). */
export interface HttpTarget {
  readonly url: string;
  readonly name: string;
  readonly options: Required<HttpOptions>;
  readonly stats: ByteStats;
  /** Sent with every request (Basic authorization from the URL's user:pass). */
  readonly headers: Readonly<Record<string, string>>;
}

/** A status that says the request may succeed later. */
const retryable = (status: number): boolean => status === 429 || status >= 500;

/** Seconds or an HTTP date, as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Why a fetch failed, in words: "connection refused", "host not found", "no answer within 30 s". */
function networkReason(error: unknown, timedOut: boolean, target: HttpTarget): string {
  if (timedOut) return `no answer within ${target.options.timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  // Library messages may quote the URL: never with its query string.
  return (code ?? cause?.message ?? (error as Error).message).split(target.url).join(target.name);
}

/** The error for a final answer that is not a success: one line naming the URL and the status. */
export function statusError(status: number, name: string): Error {
  if (status === 404 || status === 410) return new NotFoundError(`not found (HTTP ${status})`, { file: name });
  if (status === 401 || status === 403) return new InputError(`access denied (HTTP ${status})`, { file: name });
  if (status === 429) return new DataError('the server is busy (HTTP 429, too many requests)', { file: name });
  if (status < 500) return new InputError(`the server refused the request (HTTP ${status})`, { file: name });
  return new DataError(`the server failed (HTTP ${status})`, { file: name });
}

/**
 * Sends one GET with `headers` and hands the response to `accept` (which reads the body or throws),
 * again after a network error, a timeout, a 5xx or a 429 (honouring Retry-After), with exponential
 * back-off; never after another 4xx or an error `accept` throws. The caller's `signal` stops it at once.
 */
export async function sendWithRetries<T>(
  target: HttpTarget,
  headers: Record<string, string>,
  accept: (response: Response) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const { retries, backoffMs, maxBackoffMs, timeoutMs } = target.options;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5));
    let wait: number;
    let failure: Error;
    target.stats.requests++;
    try {
      const response = await fetch(target.url, {
        headers: { ...target.headers, ...headers },
        signal: combined,
        redirect: 'follow',
      });
      if (!retryable(response.status)) return await accept(response);
      await response.body?.cancel().catch(() => undefined);
      failure = statusError(response.status, target.name);
      const after = retryAfterMs(response.headers.get('retry-after'));
      wait = Math.min(maxBackoffMs, after ?? backoff);
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      // What `accept` decided (a 404, a changed object, no range support) is final.
      if (error instanceof PayeshError) throw error;
      failure = new DataError(`cannot fetch (${networkReason(error, timeout.aborted, target)})`, {
        file: target.name,
        cause: error,
      });
      wait = backoff;
    }
    if (attempt >= retries) {
      throw attempt === 0
        ? failure
        : new DataError(`${failure.message}, ${attempt + 1} attempts`, { file: target.name, cause: failure });
    }
    target.stats.retries++;
    await sleep(wait, undefined, { signal });
  }
}
