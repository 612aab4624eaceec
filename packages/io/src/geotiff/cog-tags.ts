import { bytesPerSample, isFloat, type Crs, type DType, type GeoTransform, type Nodata } from '@payesh/core';
import { FIELD, type IfdEntry, type IfdFormat } from './ifd-encoder.js';
import { geoKeyTagsFor } from './geokeys-write.js';

/** What a COG will hold, known before any pixel is written. */
export interface CogSpec {
  readonly width: number;
  readonly height: number;
  readonly dtype: DType;
  readonly bandCount: number;
  readonly transform: GeoTransform | null;
  readonly crs: Crs | null;
  readonly nodata: readonly Nodata[];
}

export interface LevelSize {
  readonly width: number;
  readonly height: number;
}

const SAMPLE_FORMAT: Record<string, number> = {
  uint8: 1,
  uint16: 1,
  uint32: 1,
  int8: 2,
  int16: 2,
  int32: 2,
  float32: 3,
  float64: 3,
};

const GHOST =
  'LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';

/** GDAL's "ghost" structural metadata, which marks the file as laid out as a COG. */
export function ghostHeader(): Uint8Array {
  const text = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST.length).padStart(6, '0')} bytes\n${GHOST}`;
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Sizes of the full resolution and its overviews: halve (rounding up) until a level fits in one tile, as GDAL's COG driver does. */
export function pyramidSizes(width: number, height: number, blockSize: number): LevelSize[] {
  const sizes: LevelSize[] = [{ width, height }];
  let last = sizes[0]!;
  while (last.width > blockSize || last.height > blockSize) {
    last = { width: Math.ceil(last.width / 2), height: Math.ceil(last.height / 2) };
    sizes.push(last);
  }
  return sizes;
}

function nodataText(spec: CogSpec): string | null {
  const nd = spec.nodata[0];
  if (nd === null || nd === undefined) return null;
  return Number.isNaN(nd) ? 'nan' : nd === Infinity ? 'inf' : nd === -Infinity ? '-inf' : String(nd);
}

function georeferenceEntries(spec: CogSpec): IfdEntry[] {
  const entries: IfdEntry[] = [];
  const gt = spec.transform;
  if (gt) {
    if (gt[2] === 0 && gt[4] === 0) {
      entries.push(
        { tag: 33550, type: FIELD.DOUBLE, values: [gt[1], -gt[5], 0] },
        { tag: 33922, type: FIELD.DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] },
      );
    } else {
      entries.push({
        tag: 34264,
        type: FIELD.DOUBLE,
        values: [gt[1], gt[2], 0, gt[0], gt[4], gt[5], 0, gt[3], 0, 0, 0, 0, 0, 0, 0, 1],
      });
    }
  }
  if (spec.crs) {
    const keys = geoKeyTagsFor(spec.crs);
    entries.push({ tag: 34735, type: FIELD.SHORT, values: keys.directory });
    if (keys.doubles.length > 0) entries.push({ tag: 34736, type: FIELD.DOUBLE, values: keys.doubles });
    if (keys.ascii.length > 0) entries.push({ tag: 34737, type: FIELD.ASCII, values: keys.ascii });
  }
  return entries;
}

/** The IFD entries of one level; tile offsets and byte counts are placeholders filled in later. */
export function levelEntries(
  spec: CogSpec,
  level: number,
  size: LevelSize,
  blockSize: number,
  f: IfdFormat,
  dateTime: string | undefined,
): IfdEntry[] {
  const spp = spec.bandCount;
  const tiles = Math.ceil(size.width / blockSize) * Math.ceil(size.height / blockSize);
  const rgb = spec.dtype === 'uint8' && spp >= 3;
  const extra = spp - (rgb ? 3 : 1);
  const offsetType = f.bigTiff ? FIELD.LONG8 : FIELD.LONG;
  const entries: IfdEntry[] = [
    { tag: 254, type: FIELD.LONG, values: [level === 0 ? 0 : 1] },
    { tag: 256, type: FIELD.LONG, values: [size.width] },
    { tag: 257, type: FIELD.LONG, values: [size.height] },
    { tag: 258, type: FIELD.SHORT, values: Array(spp).fill(bytesPerSample(spec.dtype) * 8) },
    { tag: 259, type: FIELD.SHORT, values: [8] },
    { tag: 262, type: FIELD.SHORT, values: [rgb ? 2 : 1] },
    { tag: 277, type: FIELD.SHORT, values: [spp] },
    { tag: 284, type: FIELD.SHORT, values: [1] },
    { tag: 317, type: FIELD.SHORT, values: [isFloat(spec.dtype) ? 1 : 2] },
    { tag: 322, type: FIELD.SHORT, values: [blockSize] },
    { tag: 323, type: FIELD.SHORT, values: [blockSize] },
    { tag: 324, type: offsetType, values: Array(tiles).fill(0) },
    { tag: 325, type: offsetType, values: Array(tiles).fill(0) },
    { tag: 339, type: FIELD.SHORT, values: Array(spp).fill(SAMPLE_FORMAT[spec.dtype]) },
  ];
  if (extra > 0) entries.push({ tag: 338, type: FIELD.SHORT, values: Array(extra).fill(0) });
  const nodata = nodataText(spec);
  if (nodata !== null) entries.push({ tag: 42113, type: FIELD.ASCII, values: nodata });
  if (level > 0) return entries;
  if (dateTime) entries.push({ tag: 306, type: FIELD.ASCII, values: dateTime });
  return [...entries, ...georeferenceEntries(spec)];
}
