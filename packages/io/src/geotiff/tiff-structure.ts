import { DataError } from '@payesh/core';
import type { ByteSource } from '../source/byte-source.js';

/** Sizes in bytes of the TIFF field types 1..18; 0 marks a type number TIFF does not define. */
const FIELD_TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8] as const;

/** Limits that keep a hostile header from making us loop or allocate without bound. */
export const STRUCTURE_LIMITS = {
  maxIfds: 4096,
  maxEntriesPerIfd: 4096,
} as const;

export interface TiffStructure {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  /** Byte offset of each IFD, in chain order. */
  readonly ifdOffsets: readonly number[];
  readonly fileSize: number;
}

async function readAt(source: ByteSource, offset: number, length: number, signal?: AbortSignal): Promise<DataView> {
  const buf = await source.read(offset, length, signal);
  if (buf.byteLength < length)
    throw new DataError('file is truncated (header or directory ends past the end of the file)');
  return new DataView(buf.buffer, buf.byteOffset, length);
}

function readUint(view: DataView, at: number, bytes: 2 | 4 | 8, le: boolean): number {
  if (bytes === 2) return view.getUint16(at, le);
  if (bytes === 4) return view.getUint32(at, le);
  const big = view.getBigUint64(at, le);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new DataError('corrupt TIFF: offset or count beyond 2^53');
  return Number(big);
}

/**
 * Walks the IFD chain of a TIFF before any library parses it, and rejects what would make a
 * parser loop or allocate without bound: a cyclic chain, directories or tag values that point past
 * the end of the file, absurd entry counts. Every array a tag declares must fit inside the file,
 * so no later allocation driven by a tag count can exceed the file's own size.
 */
export async function scanTiffStructure(source: ByteSource, signal?: AbortSignal): Promise<TiffStructure> {
  const fileSize = source.size;
  if (fileSize < 8) throw new DataError(`not a TIFF file (only ${fileSize} bytes)`);
  const head = await readAt(source, 0, Math.min(16, fileSize), signal);
  const order = head.getUint16(0, false);
  if (order !== 0x4949 && order !== 0x4d4d) throw new DataError('not a TIFF file (no II/MM byte-order mark)');
  const le = order === 0x4949;
  const magic = head.getUint16(2, le);
  if (magic !== 42 && magic !== 43) throw new DataError(`not a TIFF file (magic number ${magic})`);
  const bigTiff = magic === 43;
  if (bigTiff && (fileSize < 16 || head.getUint16(4, le) !== 8)) throw new DataError('corrupt BigTIFF header');
  const countBytes = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const inlineBytes = bigTiff ? 8 : 4;
  const offsetBytes = bigTiff ? 8 : 4;

  const ifdOffsets: number[] = [];
  const seen = new Set<number>();
  let next = bigTiff ? readUint(head, 8, 8, le) : readUint(head, 4, 4, le);
  if (next === 0) throw new DataError('TIFF has no image directory');
  while (next !== 0) {
    if (seen.has(next)) throw new DataError(`corrupt TIFF: image directory chain loops back to offset ${next}`);
    if (ifdOffsets.length >= STRUCTURE_LIMITS.maxIfds)
      throw new DataError(`TIFF has more than ${STRUCTURE_LIMITS.maxIfds} image directories`);
    if (next + countBytes > fileSize)
      throw new DataError(
        `file is truncated: image directory at offset ${next} is past the end of the file (${fileSize} bytes)`,
      );
    seen.add(next);
    ifdOffsets.push(next);
    const n = readUint(await readAt(source, next, countBytes, signal), 0, countBytes as 2 | 8, le);
    if (n === 0 || n > STRUCTURE_LIMITS.maxEntriesPerIfd)
      throw new DataError(`corrupt TIFF: image directory at offset ${next} declares ${n} entries`);
    const dirBytes = n * entrySize + offsetBytes;
    if (next + countBytes + dirBytes > fileSize)
      throw new DataError(`file is truncated: image directory at offset ${next} ends past the end of the file`);
    const dir = await readAt(source, next + countBytes, dirBytes, signal);
    for (let i = 0; i < n; i++) {
      const at = i * entrySize;
      const tag = dir.getUint16(at, le);
      const type = dir.getUint16(at + 2, le);
      const size = FIELD_TYPE_SIZE[type] ?? 0;
      if (size === 0) throw new DataError(`corrupt TIFF: tag ${tag} has unknown field type ${type}`);
      const count = readUint(dir, at + 4, bigTiff ? 8 : 4, le);
      const bytes = count * size;
      if (bytes > inlineBytes) {
        const valueOffset = readUint(dir, at + 4 + (bigTiff ? 8 : 4), offsetBytes as 4 | 8, le);
        if (valueOffset + bytes > fileSize) {
          throw new DataError(
            `file is truncated or corrupt: tag ${tag} declares ${count} values at offset ${valueOffset}, past the end of the file (${fileSize} bytes)`,
          );
        }
      }
    }
    next = readUint(dir, n * entrySize, offsetBytes as 4 | 8, le);
  }
  return { littleEndian: le, bigTiff, ifdOffsets, fileSize };
}
