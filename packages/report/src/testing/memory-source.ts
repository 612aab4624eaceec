import { execFileSync } from 'node:child_process';
import { crc32, deflateSync } from 'node:zlib';
import type { EvidenceImages, ReportFlag, ReportRun, ReportSource } from '../index.js';

/** A solid-colour RGB PNG (written here: the report package has no image encoder of its own). */
export function solidPng(width: number, height: number, rgb: readonly [number, number, number]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(pixels)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

export const RUN: ReportRun = {
  id: 'khoy-test',
  beforeOn: '2023-05-08',
  afterOn: '2025-07-23',
  method: 'construction',
  version: '0.1.0',
  imagery: { bands: 3, dtype: 'uint8', pixelSize: 0.5, pixelUnit: 'm', epsg: 32638 },
};

/** A flag with plain defaults; `over` sets what a test is about. */
export function flag(rank: number, over: Partial<ReportFlag> = {}): ReportFlag {
  const [x, y] = [44.94 + (rank % 10) * 0.0004, 38.55 + Math.floor(rank / 10) * 0.0004];
  return {
    id: rank,
    flagKey: `f-${rank}`,
    rank,
    parcelId: `P${rank}`,
    violation: 'no-permit',
    category: 'violation',
    confidence: 0.8,
    newBuiltM2: 100,
    removedM2: 0,
    permittedAreaM2: null,
    district: 'منطقه ۱',
    address: null,
    status: 'confirmed',
    bbox: [x, y, x + 0.0002, y + 0.0002],
    permits: [],
    decision: null,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 0.0002, y],
          [x + 0.0002, y + 0.0002],
          [x, y + 0.0002],
          [x, y],
        ],
      ],
    },
    ...over,
  };
}

/** A report source held in memory (the store's port, implemented over an array), pages of `pageSize`. */
export function memorySource(flags: readonly ReportFlag[], run: ReportRun = RUN, pageSize = 30): ReportSource {
  const images: EvidenceImages = {
    before: solidPng(36, 24, [90, 120, 60]),
    after: solidPng(36, 24, [180, 170, 150]),
    change: solidPng(36, 24, [220, 40, 30]),
  };
  return {
    run,
    async *pages() {
      for (let i = 0; i < flags.length; i += pageSize) yield flags.slice(i, i + pageSize);
    },
    images: async () => images,
    overview: async () => solidPng(64, 48, [120, 140, 110]),
  };
}

/** pdftotext's text of each page (form feeds split pages), the bidi controls it wraps right-to-left runs in removed. */
export function pdfPages(path: string, layout = false): string[] {
  const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), path, '-'], { encoding: 'utf8' }).replace(
    /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    '',
  );
  return text.split('\f').slice(0, -1);
}

export const pdfPageCount = (path: string): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);

/** Words with their boxes on one page (pdftotext -bbox), in points from the top left. */
export function pdfWords(path: string, page: number): { text: string; xMin: number; xMax: number; yMin: number }[] {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), path, '-'], {
    encoding: 'utf8',
  });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map(
    (m) => ({ text: m[4]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) }),
  );
}

/** Rows of an RFC 4180 CSV (quoted fields, doubled quotes, CRLF), the BOM removed. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
