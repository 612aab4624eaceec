import { getDecoder } from 'geotiff';
import { DataError } from '@payesh/core';
import { decodeDeflate } from './deflate.js';
import { decodeLzw } from './lzw.js';
import { decodePackBits } from './packbits.js';
import { decodeWebp } from './webp.js';
import { createZstdDecoder } from './zstd.js';

/** Decompresses one block to exactly `expectedBytes` (or fails with a DataError). */
export type BlockDecoder = (input: Uint8Array, expectedBytes: number) => Promise<Uint8Array>;

export interface DecoderParameters {
  readonly compression: number;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly samplesPerPixel: number;
  readonly bitsPerSample: readonly number[];
  readonly planarConfiguration: number;
  readonly jpegTables: Uint8Array | undefined;
  readonly lercParameters: readonly number[] | undefined;
}

const COMPRESSION_NAMES: Record<number, string> = {
  1: 'none',
  2: 'ccitt-rle',
  3: 'ccitt-fax3',
  4: 'ccitt-fax4',
  5: 'lzw',
  6: 'ojpeg',
  7: 'jpeg',
  8: 'deflate',
  32946: 'deflate',
  32773: 'packbits',
  34661: 'jbig',
  34676: 'sgilog',
  34712: 'jpeg2000',
  34887: 'lerc',
  34925: 'lzma',
  50000: 'zstd',
  50001: 'webp',
  50002: 'jpegxl',
};

export function compressionName(code: number): string {
  return COMPRESSION_NAMES[code] ?? `compression-${code}`;
}

const SUPPORTED = new Set([1, 5, 7, 8, 32946, 32773, 34887, 50000, 50001]);

/** Fails with a clear message when a compression cannot be decoded here. */
export function assertCompressionSupported(code: number): void {
  if (!SUPPORTED.has(code)) {
    const name = COMPRESSION_NAMES[code]?.toUpperCase() ?? `code ${code}`;
    throw new DataError(`${name} compression is not supported`, { code: 'unsupported' });
  }
}

/** A decoder for one image's blocks. */
export async function createBlockDecoder(p: DecoderParameters): Promise<BlockDecoder> {
  assertCompressionSupported(p.compression);
  switch (p.compression) {
    case 1:
      return async (input, expected) => {
        if (input.length < expected)
          throw new DataError(`uncompressed block is ${input.length} bytes, expected ${expected} (truncated)`);
        return input.subarray(0, expected);
      };
    case 5:
      return async (input, expected) => decodeLzw(input, expected);
    case 8:
    case 32946:
      return async (input, expected) => decodeDeflate(input, expected);
    case 32773:
      return async (input, expected) => decodePackBits(input, expected);
    case 50001:
      return (input, expected) => decodeWebp(input, p.samplesPerPixel, expected);
    case 50000: {
      const decode = await createZstdDecoder();
      return async (input, expected) => decode(input, expected);
    }
    default:
      return libraryDecoder(p);
  }
}

/** JPEG and LERC through geotiff.js's own decoders (their output is checked for size). */
async function libraryDecoder(p: DecoderParameters): Promise<BlockDecoder> {
  const decoder = (await getDecoder(p.compression, {
    tileWidth: p.blockWidth,
    tileHeight: p.blockHeight,
    planarConfiguration: p.planarConfiguration,
    bitsPerSample: [...p.bitsPerSample],
    predictor: 1,
    samplesPerPixel: p.samplesPerPixel,
    ...(p.jpegTables ? { JPEGTables: p.jpegTables } : {}),
    ...(p.lercParameters ? { LercParameters: p.lercParameters } : {}),
  } as never)) as { decodeBlock(buffer: ArrayBuffer): ArrayBuffer | Promise<ArrayBuffer> };
  const name = compressionName(p.compression).toUpperCase();
  return async (input, expected) => {
    let out: ArrayBuffer;
    try {
      const copy = input.slice().buffer;
      out = await decoder.decodeBlock(copy);
    } catch (error) {
      throw new DataError(`corrupt ${name} block (${(error as Error).message})`);
    }
    if (out.byteLength < expected)
      throw new DataError(
        `${name} block decodes to ${out.byteLength} bytes, expected ${expected} (truncated or corrupt)`,
      );
    return new Uint8Array(out, 0, expected);
  };
}
