/** TIFF field types used by the writer. */
export const FIELD = { ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12, LONG8: 16 } as const;
type FieldType = (typeof FIELD)[keyof typeof FIELD];

const TYPE_SIZE: Record<FieldType, number> = { 2: 1, 3: 2, 4: 4, 12: 8, 16: 8 };

export interface IfdEntry {
  readonly tag: number;
  readonly type: FieldType;
  readonly values: readonly number[] | string;
}

export interface IfdFormat {
  readonly bigTiff: boolean;
}

function valueCount(e: IfdEntry): number {
  return typeof e.values === 'string' ? e.values.length + 1 : e.values.length;
}

function valueBytes(e: IfdEntry): number {
  return valueCount(e) * TYPE_SIZE[e.type];
}

const even = (n: number): number => n + (n & 1);

/** Bytes an IFD with these entries takes, its out-of-line values included (word aligned). */
export function ifdByteSize(entries: readonly IfdEntry[], f: IfdFormat): number {
  const inline = f.bigTiff ? 8 : 4;
  const head = (f.bigTiff ? 8 : 2) + entries.length * (f.bigTiff ? 20 : 12) + (f.bigTiff ? 8 : 4);
  return even(head) + entries.reduce((sum, e) => sum + (valueBytes(e) > inline ? even(valueBytes(e)) : 0), 0);
}

function writeValues(view: DataView, at: number, e: IfdEntry): void {
  if (typeof e.values === 'string') {
    for (let i = 0; i < e.values.length; i++) view.setUint8(at + i, e.values.charCodeAt(i) & 0x7f);
    view.setUint8(at + e.values.length, 0);
    return;
  }
  e.values.forEach((v, i) => {
    const p = at + i * TYPE_SIZE[e.type];
    if (e.type === FIELD.SHORT) view.setUint16(p, v, true);
    else if (e.type === FIELD.LONG) view.setUint32(p, v, true);
    else if (e.type === FIELD.DOUBLE) view.setFloat64(p, v, true);
    else view.setBigUint64(p, BigInt(v), true);
  });
}

/** Encodes one little-endian IFD to sit at byte `offset`, pointing on to `nextOffset`. */
export function encodeIfd(entries: readonly IfdEntry[], offset: number, nextOffset: number, f: IfdFormat): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const bytes = new Uint8Array(ifdByteSize(sorted, f));
  const view = new DataView(bytes.buffer);
  const inline = f.bigTiff ? 8 : 4;
  const entrySize = f.bigTiff ? 20 : 12;
  let p = 0;
  if (f.bigTiff) view.setBigUint64(0, BigInt(sorted.length), true);
  else view.setUint16(0, sorted.length, true);
  p = f.bigTiff ? 8 : 2;
  let extra = even(p + sorted.length * entrySize + (f.bigTiff ? 8 : 4));
  for (const e of sorted) {
    view.setUint16(p, e.tag, true);
    view.setUint16(p + 2, e.type, true);
    if (f.bigTiff) view.setBigUint64(p + 4, BigInt(valueCount(e)), true);
    else view.setUint32(p + 4, valueCount(e), true);
    const valueAt = p + (f.bigTiff ? 12 : 8);
    if (valueBytes(e) <= inline) {
      writeValues(view, valueAt, e);
    } else {
      if (f.bigTiff) view.setBigUint64(valueAt, BigInt(offset + extra), true);
      else view.setUint32(valueAt, offset + extra, true);
      writeValues(view, extra, e);
      extra += even(valueBytes(e));
    }
    p += entrySize;
  }
  if (f.bigTiff) view.setBigUint64(p, BigInt(nextOffset), true);
  else view.setUint32(p, nextOffset, true);
  return bytes;
}
