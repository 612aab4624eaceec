import { open, type FileHandle } from 'node:fs/promises';
import { InputError, NotFoundError } from '@payesh/core';
import { newByteStats, type ByteSource, type ByteStats } from './byte-source.js';

class FileSource implements ByteSource {
  readonly remote = false;
  constructor(
    readonly name: string,
    readonly size: number,
    readonly stats: ByteStats,
    private readonly fh: FileHandle,
  ) {}

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    signal?.throwIfAborted();
    const want = Math.max(0, Math.min(length, this.size - offset));
    const buf = Buffer.alloc(want);
    const { bytesRead } = want === 0 ? { bytesRead: 0 } : await this.fh.read(buf, 0, want, offset);
    this.stats.requests++;
    this.stats.bytes += bytesRead;
    return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** A local file as a ByteSource (the OS page cache is its cache). */
export async function openFileSource(path: string, stats: ByteStats = newByteStats()): Promise<ByteSource> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError('file not found', { file: path });
    if (code === 'EISDIR') throw new InputError('is a directory, not a raster file', { file: path });
    throw new InputError(`cannot open (${(error as Error).message})`, { file: path });
  }
  try {
    const s = await fh.stat();
    if (s.isDirectory()) throw new InputError('is a directory, not a raster file', { file: path });
    return new FileSource(path, s.size, stats, fh);
  } catch (error) {
    await fh.close();
    throw error;
  }
}
