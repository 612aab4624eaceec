import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isHttpUrl, openByteSource } from '@payesh/io';

const PIECE_BYTES = 4 * 1024 * 1024;

/** SHA-256 of a file, streamed. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: PIECE_BYTES, signal }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * SHA-256 of an input: a file, or the object behind an http(s) URL read once front to back in 4 MiB
 * range requests (io's HTTP source: retries, and an object that changes meanwhile is an error).
 */
export async function sha256Input(pathOrUrl: string, signal?: AbortSignal): Promise<string> {
  if (!isHttpUrl(pathOrUrl)) return sha256File(pathOrUrl, signal);
  // A small cache: every byte is read once, nothing is read again.
  const source = await openByteSource(pathOrUrl, { signal, http: { cacheBytes: PIECE_BYTES } });
  try {
    const hash = createHash('sha256');
    for (let at = 0; at < source.size; at += PIECE_BYTES) hash.update(await source.read(at, PIECE_BYTES, signal));
    return hash.digest('hex');
  } finally {
    await source.close();
  }
}
