import { crsFromEpsg } from '../index.js';
import { levelEntries, type CogSpec } from '../geotiff/cog-tags.js';
import { encodeIfd, ifdByteSize, type IfdEntry } from '../geotiff/ifd-encoder.js';

/** A UTM 38N, 0.5 m grid for crafted files, so that they get past georeferencing checks to their pixels. */
export function craftedSpec(width: number, height: number, bandCount = 1): CogSpec {
  return {
    width,
    height,
    dtype: 'uint8',
    bandCount,
    transform: [495000, 0.5, 0, 4268000, 0, -0.5],
    crs: crsFromEpsg(32638),
    nodata: Array(bandCount).fill(null),
  };
}

/**
 * A georeferenced, tiled, DEFLATE classic TIFF whose tiles are exactly `tiles` (row-major; null: a
 * sparse tile, offset and byte count 0), whatever the declared size: for hostile-file tests.
 */
export function craftTiledTiff(spec: CogSpec, blockSize: number, tiles: readonly (Uint8Array | null)[]): Uint8Array {
  const f = { bigTiff: false };
  const dataAt = 8;
  const offsets: number[] = [];
  const counts: number[] = [];
  let pos = dataAt;
  for (const t of tiles) {
    offsets.push(t ? pos : 0);
    counts.push(t ? t.length : 0);
    pos += t ? t.length + (t.length & 1) : 0;
  }
  const entries: IfdEntry[] = levelEntries(spec, 0, spec, blockSize, f, undefined).map((e) =>
    e.tag === 324 ? { ...e, values: offsets } : e.tag === 325 ? { ...e, values: counts } : e,
  );
  const ifdAt = pos;
  const out = new Uint8Array(ifdAt + ifdByteSize(entries, f));
  new DataView(out.buffer).setUint32(4, ifdAt, true);
  out.set([0x49, 0x49, 42, 0]);
  tiles.forEach((t, i) => t && out.set(t, offsets[i]!));
  out.set(encodeIfd(entries, ifdAt, 0, f), ifdAt);
  return out;
}
