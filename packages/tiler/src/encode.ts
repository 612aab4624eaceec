import sharp from 'sharp';

export type TileFormat = 'png' | 'webp';

/** RGBA pixels as PNG or WebP (lossless-quality WebP is not needed for review imagery: quality 85). */
export async function encodeImage(rgba: Uint8Array, width: number, height: number, format: TileFormat, overlaySvg?: string): Promise<Buffer> {
  let image = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } });
  if (overlaySvg) image = image.composite([{ input: Buffer.from(overlaySvg), top: 0, left: 0 }]);
  return format === 'png' ? image.png({ compressionLevel: 4 }).toBuffer() : image.webp({ quality: 85 }).toBuffer();
}
