import { DataError } from '@payesh/core';

const CLEAR = 256;
const EOI = 257;

/**
 * TIFF LZW (MSB-first codes, early change) into a buffer of exactly `expectedBytes`: decoding
 * stops there, so a corrupt or hostile stream can neither grow memory nor loop.
 */
export function decodeLzw(input: Uint8Array, expectedBytes: number): Uint8Array {
  const out = new Uint8Array(expectedBytes);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
  }
  let next = 258;
  let codeBits = 9;
  let old = -1;
  let pos = 0;
  let bitPos = 0;
  const totalBits = input.length * 8;

  while (bitPos + codeBits <= totalBits && pos < expectedBytes) {
    const byte = bitPos >> 3;
    const word = ((input[byte] ?? 0) << 16) | ((input[byte + 1] ?? 0) << 8) | (input[byte + 2] ?? 0);
    const code = (word >> (24 - (bitPos & 7) - codeBits)) & ((1 << codeBits) - 1);
    bitPos += codeBits;
    if (code === EOI) break;
    if (code === CLEAR) {
      next = 258;
      codeBits = 9;
      old = -1;
      continue;
    }
    let first: number;
    if (code < next && (code < 256 || code >= 258)) {
      first = writeEntry(code, out, pos, prefix, suffix, length);
      pos += Math.min(length[code]!, expectedBytes - pos);
    } else if (code === next && old >= 0) {
      first = writeEntry(old, out, pos, prefix, suffix, length);
      const n = length[old]!;
      if (pos + n < expectedBytes) out[pos + n] = first;
      pos += Math.min(n + 1, expectedBytes - pos);
    } else {
      throw new DataError(`corrupt LZW stream (code ${code} at bit ${bitPos - codeBits})`);
    }
    if (old >= 0 && next < 4096) {
      prefix[next] = old;
      suffix[next] = first;
      length[next] = length[old]! + 1;
      next++;
    }
    old = code;
    if (next + 1 >= 1 << codeBits && codeBits < 12) codeBits++;
  }
  if (pos < expectedBytes)
    throw new DataError(`LZW block decodes to ${pos} bytes, expected ${expectedBytes} (truncated or corrupt)`);
  return out;
}

/** Writes the string of `code` at `pos` (clipped to the buffer) and returns its first byte. */
function writeEntry(
  code: number,
  out: Uint8Array,
  pos: number,
  prefix: Int32Array,
  suffix: Uint8Array,
  length: Uint16Array,
): number {
  const n = length[code]!;
  let c = code;
  for (let i = n - 1; i >= 0; i--) {
    if (pos + i < out.length) out[pos + i] = suffix[c]!;
    if (i > 0) c = prefix[c]!;
  }
  return suffix[c]!;
}
