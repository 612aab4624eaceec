import { inflateSync } from 'node:zlib';
import { DataError } from '@payesh/core';

/**
 * DEFLATE (zlib) with the output capped at the block's expected size, so a decompression bomb
 * fails fast instead of filling memory.
 */
export function decodeDeflate(input: Uint8Array, expectedBytes: number): Uint8Array {
  let out: Buffer;
  try {
    out = inflateSync(input, {
      maxOutputLength: Math.max(1, expectedBytes),
      finishFlush: 2 /* Z_SYNC_FLUSH: accept a stream cut short */,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new DataError(
        `DEFLATE block inflates beyond its declared ${expectedBytes} bytes (corrupt or a decompression bomb)`,
      );
    throw new DataError(`corrupt DEFLATE block (${(error as Error).message})`);
  }
  if (out.length < expectedBytes)
    throw new DataError(
      `DEFLATE block decodes to ${out.length} bytes, expected ${expectedBytes} (truncated or corrupt)`,
    );
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
