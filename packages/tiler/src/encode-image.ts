import sharp from 'sharp';

export type TileFormat = 'png' | 'webp';
/** Chips for print may be JPEG (on white): a fifth of the PNG's size. */
export type ImageFormat = TileFormat | 'jpeg';

/** RGBA pixels as PNG or WebP (lossless-quality WebP is not needed for review imagery: quality 85). */
export async function encodeImage(
  rgba: Uint8Array,
  width: number,
  height: number,
  format: ImageFormat,
  overlaySvg?: string,
): Promise<Buffer> {
  let image = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
    raw: { width, height, channels: 4 },
  });
  if (overlaySvg) image = image.composite([{ input: Buffer.from(overlaySvg), top: 0, left: 0 }]);
  if (format === 'jpeg')
    return sharp(await image.png().toBuffer())
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer();
  return format === 'png' ? image.png({ compressionLevel: 4 }).toBuffer() : image.webp({ quality: 85 }).toBuffer();
}
