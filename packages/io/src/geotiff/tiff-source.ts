import type { FileHandle } from 'node:fs/promises';
import { GeoTIFF } from 'geotiff';

interface Slice {
  readonly offset: number;
  readonly length: number;
}

/**
 * Lets geotiff.js parse directories through a file handle we own (so its lifetime is ours, and
 * later byte-range sources can slot in the same way). Reads past the end come back zero-filled,
 * as geotiff.js expects; scanTiffStructure has already rejected anything that points there.
 */
export function geoTiffFromHandle(fh: FileHandle): Promise<GeoTIFF> {
  const source = {
    async fetch(slices: readonly Slice[]): Promise<ArrayBuffer[]> {
      return Promise.all(
        slices.map(async ({ offset, length }) => {
          const data = new Uint8Array(length);
          await fh.read(data, 0, length, offset);
          return data.buffer;
        }),
      );
    },
    async close(): Promise<void> {},
  };
  return (GeoTIFF as unknown as { fromSource(source: unknown): Promise<GeoTIFF> }).fromSource(source);
}
