import { DataError, type DType } from '@payesh/core';

/**
 * The dtype Payesh exposes for a TIFF sample layout, as GDAL does: half floats widen to float32,
 * 1/2/4-bit samples unpack to uint8.
 */
export function dtypeOf(sampleFormat: number, bitsPerSample: number): DType {
  const bad = (): never => {
    throw new DataError(`${bitsPerSample}-bit samples of sample format ${sampleFormat} are not supported`, {
      code: 'unsupported',
    });
  };
  switch (sampleFormat) {
    case 1:
    case 4: // "undefined": read as unsigned, as GDAL does
      if (bitsPerSample === 1 || bitsPerSample === 2 || bitsPerSample === 4 || bitsPerSample === 8) return 'uint8';
      if (bitsPerSample === 16) return 'uint16';
      if (bitsPerSample === 32) return 'uint32';
      return bad();
    case 2:
      if (bitsPerSample === 8) return 'int8';
      if (bitsPerSample === 16) return 'int16';
      if (bitsPerSample === 32) return 'int32';
      return bad();
    case 3:
      if (bitsPerSample === 16 || bitsPerSample === 32) return 'float32';
      if (bitsPerSample === 64) return 'float64';
      return bad();
    case 5:
      if (bitsPerSample === 32) return 'cint16';
      if (bitsPerSample === 64) return 'cint32';
      return bad();
    case 6:
      if (bitsPerSample === 64) return 'cfloat32';
      if (bitsPerSample === 128) return 'cfloat64';
      return bad();
    default:
      return bad();
  }
}

/** Bytes of one stored sample (sub-byte samples report 0: they are handled bitwise). */
export function storedSampleBytes(bitsPerSample: number): number {
  return bitsPerSample % 8 === 0 ? bitsPerSample / 8 : 0;
}

/** Swaps every `width`-byte word of `bytes` in place (big-endian file to native little-endian). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/** Unpacks rows of MSB-first `bits`-bit samples (rows padded to whole bytes) into one byte each. */
export function unpackBits(input: Uint8Array, bits: number, samplesPerRow: number, rows: number): Uint8Array {
  const out = new Uint8Array(samplesPerRow * rows);
  const rowBytes = Math.ceil((samplesPerRow * bits) / 8);
  const mask = (1 << bits) - 1;
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < samplesPerRow; s++) {
      const bit = s * bits;
      const byte = input[r * rowBytes + (bit >> 3)] ?? 0;
      out[r * samplesPerRow + s] = (byte >> (8 - bits - (bit & 7))) & mask;
    }
  }
  return out;
}

/** IEEE 754 half-precision (native-order uint16 words) to float32. */
export function halfToFloat32(input: Uint8Array): Float32Array {
  const words = new Uint16Array(input.buffer, input.byteOffset, input.byteLength >> 1);
  const out = new Float32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const h = words[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    out[i] =
      exp === 0
        ? sign * 2 ** -14 * (frac / 1024)
        : exp === 31
          ? frac
            ? NaN
            : sign * Infinity
          : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}

/** JPEG YCbCr (JFIF, full range) to RGB, in place on interleaved 3-sample pixels. */
export function ycbcrToRgbInPlace(pixels: Uint8Array, samplesPerPixel: number): void {
  for (let i = 0; i + 2 < pixels.length; i += samplesPerPixel) {
    const y = pixels[i]!;
    const cb = pixels[i + 1]! - 128;
    const cr = pixels[i + 2]! - 128;
    pixels[i] = clampByte(y + 1.402 * cr);
    pixels[i + 1] = clampByte(y - 0.344136 * cb - 0.714136 * cr);
    pixels[i + 2] = clampByte(y + 1.772 * cb);
  }
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
