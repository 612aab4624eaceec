import sharp from 'sharp';
import { DataError } from '@payesh/core';

/** A WebP block decoded with sharp (libwebp) to interleaved 8-bit samples. */
export async function decodeWebp(
  input: Uint8Array,
  samplesPerPixel: number,
  expectedBytes: number,
): Promise<Uint8Array> {
  if (samplesPerPixel !== 3 && samplesPerPixel !== 4)
    throw new DataError(`WebP with ${samplesPerPixel} bands is not supported`, { code: 'unsupported' });
  let image = sharp(input, { limitInputPixels: Math.ceil(expectedBytes / samplesPerPixel) + 1 });
  image = samplesPerPixel === 4 ? image.ensureAlpha() : image.removeAlpha();
  let data: Buffer;
  try {
    data = await image.raw().toBuffer();
  } catch (error) {
    // libvips messages can span lines (warnings then the error): keep one line.
    throw new DataError(
      `corrupt WebP block (${(error as Error).message
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join('; ')})`,
    );
  }
  if (data.length !== expectedBytes)
    throw new DataError(`WebP block decodes to ${data.length} bytes, expected ${expectedBytes}`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}
