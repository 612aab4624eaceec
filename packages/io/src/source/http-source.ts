import { setMaxListeners } from 'node:events';
import { DataError, InputError } from '@payesh/core';
import { newByteStats, type ByteSource, type ByteStats } from './byte-source.js';
import { ChunkCache } from './chunk-cache.js';
import {
  DEFAULT_HTTP_OPTIONS,
  sendWithRetries,
  statusError,
  type HttpOptions,
  type HttpTarget,
} from './http-request.js';
import { redactUrl } from './url.js';

/** fetch refuses `user:pass@` in a URL: they go as Basic authorization instead. */
function splitCredentials(url: string): { href: string; authorization: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('not a valid URL', { file: redactUrl(url) });
  }
  if (parsed.username === '' && parsed.password === '') return { href: url, authorization: null };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { href: parsed.href, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** What identifies the version of the object opened: a read that finds another is an error. */
interface Version {
  readonly size: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

interface ContentRange {
  readonly start: number;
  readonly end: number;
  readonly total: number | null;
}

export function parseContentRange(header: string | null): ContentRange | null {
  const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(header ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

const noRanges = (name: string): DataError =>
  new DataError(
    'the server does not support range requests (it answered a Range request with the whole object, HTTP 200); serve it from object storage, nginx or another server that does',
    { file: name, code: 'unsupported' },
  );

const changed = (name: string, what: string): DataError =>
  new DataError(`the object changed while it was being read (${what}); open it again`, { file: name });

const discard = (response: Response): Promise<void> =>
  response.body ? response.body.cancel().catch(() => undefined) : Promise.resolve();

/** The body, all of it (a short one is a network failure, retried). */
async function bodyOf(response: Response, expected: number, stats: ByteStats): Promise<Uint8Array> {
  const body = new Uint8Array(await response.arrayBuffer());
  stats.bytes += body.byteLength;
  if (body.byteLength !== expected) throw new Error(`response ended after ${body.byteLength} of ${expected} bytes`);
  return body;
}

class HttpSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  readonly remote = true;
  readonly stats: ByteStats;
  private readonly closer = new AbortController();
  private readonly cache: ChunkCache;

  constructor(
    private readonly target: HttpTarget,
    private readonly version: Version,
    head: Uint8Array,
  ) {
    this.name = target.name;
    this.size = version.size;
    this.stats = target.stats;
    // Every request in flight listens to it (through AbortSignal.any): many at once is normal.
    setMaxListeners(0, this.closer.signal);
    const o = target.options;
    this.cache = new ChunkCache(version.size, o.chunkBytes, o.cacheBytes, o.maxRequestBytes, (a, b) =>
      this.fetchRange(a, b),
    );
    this.cache.seed(head);
  }

  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.closer.signal.aborted) return Promise.reject(new DataError('read after close', { file: this.name }));
    return this.cache.read(offset, length, signal);
  }

  prefetch(offset: number, length: number): void {
    if (!this.closer.signal.aborted) this.cache.read(offset, length).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closer.abort();
  }

  /** One range request for [start, end), pinned to the version opened. */
  private fetchRange(start: number, end: number): Promise<Uint8Array> {
    const { etag } = this.version;
    const headers: Record<string, string> = { range: `bytes=${start}-${end - 1}`, 'accept-encoding': 'identity' };
    // If-Match compares strongly: a weak ETag would never match, so it is only compared below.
    if (etag !== null && !etag.startsWith('W/')) headers['if-match'] = etag;
    return sendWithRetries(
      this.target,
      headers,
      async (response) => {
        if (response.status === 412) {
          await discard(response);
          throw changed(this.name, `its ETag is no longer ${etag}`);
        }
        if (response.status !== 206) {
          await discard(response);
          throw response.status === 200 ? noRanges(this.name) : statusError(response.status, this.name);
        }
        this.checkVersion(response);
        const range = parseContentRange(response.headers.get('content-range'));
        if (range?.total !== null && range?.total !== undefined && range.total !== this.size) {
          await discard(response);
          throw changed(this.name, `its size was ${this.size} bytes, now ${range.total}`);
        }
        if (!range || range.start !== start || range.end !== end - 1) {
          await discard(response);
          throw new DataError(
            `the server answered bytes ${range ? `${range.start}-${range.end}` : '(no Content-Range)'} to a request for ${start}-${end - 1}`,
            { file: this.name },
          );
        }
        return bodyOf(response, end - start, this.stats);
      },
      this.closer.signal,
    );
  }

  private checkVersion(response: Response): void {
    const etag = response.headers.get('etag');
    if (this.version.etag !== null && etag !== null && etag !== this.version.etag)
      throw changed(this.name, `ETag ${this.version.etag}, now ${etag}`);
    const modified = response.headers.get('last-modified');
    if (this.version.lastModified !== null && modified !== null && modified !== this.version.lastModified)
      throw changed(this.name, `last modified ${this.version.lastModified}, now ${modified}`);
  }
}

/**
 * Opens an object behind an http(s) URL for reading by range requests: the first request reads its
 * first chunk, its size (Content-Range) and its version (ETag, Last-Modified), which every later
 * request is pinned to. A server that ignores Range is refused rather than downloaded from whole.
 */
export async function openHttpSource(
  url: string,
  options: HttpOptions = {},
  stats: ByteStats = newByteStats(),
  signal?: AbortSignal,
): Promise<ByteSource> {
  const { href, authorization } = splitCredentials(url);
  const target: HttpTarget = {
    url: href,
    name: redactUrl(url),
    options: { ...DEFAULT_HTTP_OPTIONS, ...options },
    stats,
    headers: authorization === null ? {} : { authorization },
  };
  const chunk = target.options.chunkBytes;
  const opened = await sendWithRetries(
    target,
    { range: `bytes=0-${chunk - 1}`, 'accept-encoding': 'identity' },
    async (response) => {
      const version = (size: number): Version => ({
        size,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      });
      if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (!range || range.start !== 0 || range.total === null) {
          await discard(response);
          throw new DataError('the server did not say how large the object is (no Content-Range total)', {
            file: target.name,
          });
        }
        const head = await bodyOf(response, Math.min(chunk, range.total), stats);
        return { version: version(range.total), head };
      }
      if (response.status === 200) {
        // A whole object no larger than the first chunk is what a range request would have read.
        const length = Number(response.headers.get('content-length') ?? Number.NaN);
        if (Number.isFinite(length) && length <= chunk) {
          const head = await bodyOf(response, length, stats);
          return { version: version(length), head };
        }
        await discard(response);
        throw noRanges(target.name);
      }
      await discard(response);
      if (response.status === 416) throw new DataError('not a TIFF file (the object is empty)', { file: target.name });
      throw statusError(response.status, target.name);
    },
    signal,
  );
  return new HttpSource(target, opened.version, opened.head);
}
