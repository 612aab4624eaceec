import { crsFromEpsg, writeCog } from '@payesh/io';
import type { Raster } from '@payesh/core';

/** A building: a roof rectangle in ground metres, its colour, the date it appears ('both' or 'after'). */
interface Building {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly rgb: readonly [number, number, number];
  readonly when: 'both' | 'after';
}

const ORIGIN = { x: 495000, y: 4268000 };

/** Old buildings on both dates and new ones after; 10-16 m roofs, streets every 60 m. */
export const BUILDINGS: readonly Building[] = [
  ...[0, 1, 2, 3].flatMap((i) => [
    { x0: 10 + i * 60, y0: 10, x1: 24 + i * 60, y1: 22, rgb: [190, 90, 70] as const, when: 'both' as const },
    {
      x0: 12 + i * 60,
      y0: 130,
      x1: 26 + i * 60,
      y1: 146,
      rgb: [200, 200, 195] as const,
      when: i % 2 ? ('after' as const) : ('both' as const),
    },
  ]),
  { x0: 70, y0: 70, x1: 86, y1: 84, rgb: [205, 205, 200], when: 'after' },
  { x0: 190, y0: 75, x1: 204, y1: 89, rgb: [170, 80, 60], when: 'after' },
];

function hash(x: number, y: number): number {
  const h = Math.imul(Math.floor(x * 4) | 0, 73856093) ^ Math.imul(Math.floor(y * 4) | 0, 19349663);
  return ((h >>> 0) % 1000) / 1000;
}

/** The scene at ground point (x, y) metres east and south of the origin, on a date. */
function sceneAt(x: number, y: number, date: 'before' | 'after'): [number, number, number] {
  for (const b of BUILDINGS) {
    if (b.when === 'after' && date === 'before') continue;
    if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1) return [...b.rgb];
    // Shadow 2 m to the south-east of each roof.
    if (x >= b.x0 + 2 && x < b.x1 + 2 && y >= b.y1 && y < b.y1 + 2) return [40, 42, 45];
  }
  const street = y % 60 < 5 || x % 60 > 54;
  const n = hash(x, y) * 24 - 12;
  const field = Math.sin(x / 9) * 6 + Math.cos(y / 13) * 6;
  return street ? [118 + n, 116 + n, 110 + n] : [92 + n + field, 120 + n + field, 70 + n];
}

export interface PairOptions {
  readonly size: number;
  readonly pixelM: number;
  /** Where the after image's content really is relative to what its geotransform says, in metres. */
  readonly misregistrationM?: readonly [number, number];
  readonly gain?: number;
  readonly epsg?: number;
  /** Shift the after grid's origin (metres) so the two grids differ. */
  readonly afterOriginShiftM?: readonly [number, number];
}

function render(date: 'before' | 'after', o: PairOptions): Raster {
  const n = o.size * o.size;
  const bands = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  const [sx, sy] = date === 'after' ? (o.afterOriginShiftM ?? [0, 0]) : [0, 0];
  const [mx, my] = date === 'after' ? (o.misregistrationM ?? [0, 0]) : [0, 0];
  const gain = date === 'after' ? (o.gain ?? 1) : 1;
  for (let r = 0; r < o.size; r++) {
    for (let c = 0; c < o.size; c++) {
      // Supersample 2x2 for realistic edges.
      const acc = [0, 0, 0];
      for (const [dx, dy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const rgb = sceneAt(sx + (c + dx) * o.pixelM - mx, sy + (r + dy) * o.pixelM - my, date);
        for (let b = 0; b < 3; b++) acc[b] = acc[b]! + rgb[b]! / 4;
      }
      for (let b = 0; b < 3; b++) bands[b]![r * o.size + c] = Math.max(0, Math.min(255, Math.round(acc[b]! * gain)));
    }
  }
  return {
    width: o.size,
    height: o.size,
    dtype: 'uint8',
    bands,
    transform: [ORIGIN.x + sx, o.pixelM, 0, ORIGIN.y - sy, 0, -o.pixelM],
    crs: crsFromEpsg(o.epsg ?? 32638),
    nodata: [null, null, null],
  };
}

/** Writes before.tif, after.tif and truth.tif (new roofs = 1, on the before grid) into `dir`. */
export async function writeSyntheticPair(dir: string, o: PairOptions): Promise<void> {
  const before = render('before', o);
  const after = render('after', o);
  const truth = new Uint8Array(o.size * o.size);
  for (let r = 0; r < o.size; r++) {
    for (let c = 0; c < o.size; c++) {
      const [x, y] = [(c + 0.5) * o.pixelM, (r + 0.5) * o.pixelM];
      truth[r * o.size + c] = BUILDINGS.some(
        (b) => b.when === 'after' && x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1,
      )
        ? 1
        : 0;
    }
  }
  await writeCog(`${dir}/before.tif`, before, { blockSize: 256 });
  await writeCog(`${dir}/after.tif`, after, { blockSize: 256 });
  await writeCog(
    `${dir}/truth.tif`,
    { ...before, bands: [truth], nodata: [null] },
    { blockSize: 256, resampling: 'nearest' },
  );
}

/** Number of buildings that appear between the dates. */
export const NEW_BUILDINGS = BUILDINGS.filter((b) => b.when === 'after').length;
