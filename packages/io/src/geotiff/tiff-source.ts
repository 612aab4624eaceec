import { GeoTIFF } from 'geotiff';
import type { ByteSource } from '../source/byte-source.js';

interface Slice {
  readonly offset: number;
  readonly length: number;
}

/**
 * Lets geotiff.js parse directories through a byte source we own (a file or an HTTP range source:
 * its lifetime, cache and requests are ours). Reads past the end come back zero-filled, as geotiff.js
 * expects; scanTiffStructure has already rejected anything that points there.
 */
export function geoTiffFromSource(source: ByteSource, signal?: AbortSignal): Promise<GeoTIFF> {
  const geotiffSource = {
    async fetch(slices: readonly Slice[]): Promise<ArrayBuffer[]> {
      return Promise.all(
        slices.map(async ({ offset, length }) => {
          const data = new Uint8Array(length);
          data.set(await source.read(offset, length, signal));
          return data.buffer;
        }),
      );
    },
    async close(): Promise<void> {},
  };
  return (GeoTIFF as unknown as { fromSource(source: unknown): Promise<GeoTIFF> }).fromSource(geotiffSource);
}
