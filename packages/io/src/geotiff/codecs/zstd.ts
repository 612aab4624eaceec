import { ZSTDDecoder } from 'zstddec';
import { DataError } from '@payesh/core';

/**
 * ZSTD through zstddec (WebAssembly) with the output capacity fixed to the block's expected size:
 * without it a corrupt frame header can declare gigabytes.
 */
export async function createZstdDecoder(): Promise<(input: Uint8Array, expectedBytes: number) => Uint8Array> {
  const decoder = new ZSTDDecoder();
  await decoder.init();
  return (input, expectedBytes) => {
    let out: Uint8Array;
    try {
      out = decoder.decode(input, expectedBytes);
    } catch (error) {
      throw new DataError(`corrupt ZSTD block (${(error as Error).message})`);
    }
    if (out.length !== expectedBytes)
      throw new DataError(`ZSTD block decodes to ${out.length} bytes, expected ${expectedBytes} (corrupt)`);
    return out;
  };
}
