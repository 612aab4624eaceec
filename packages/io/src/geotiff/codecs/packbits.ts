import { DataError } from '@payesh/core';

/** PackBits into exactly `expectedBytes`; a stream that under- or over-runs is corrupt. */
export function decodePackBits(input: Uint8Array, expectedBytes: number): Uint8Array {
  const out = new Uint8Array(expectedBytes);
  let i = 0;
  let pos = 0;
  while (i < input.length && pos < expectedBytes) {
    const header = input[i++]!;
    if (header < 128) {
      const n = Math.min(header + 1, expectedBytes - pos, input.length - i);
      out.set(input.subarray(i, i + n), pos);
      i += header + 1;
      pos += n;
    } else if (header > 128) {
      if (i >= input.length) break;
      const n = Math.min(257 - header, expectedBytes - pos);
      out.fill(input[i++]!, pos, pos + n);
      pos += n;
    }
  }
  if (pos < expectedBytes)
    throw new DataError(`PackBits block decodes to ${pos} bytes, expected ${expectedBytes} (truncated or corrupt)`);
  return out;
}
