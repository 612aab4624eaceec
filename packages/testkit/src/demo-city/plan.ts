/**
 * The plan of a generated two-date scene of a part of Khoy: streets, blocks cut into parcels,
 * buildings with roofs of several materials, trees, fields, and what changes between the dates
 * (new buildings with and without permits, beyond their permits or outside their footprints,
 * extensions, demolitions, kiosks on the street), with the permits and the truth. Ground
 * coordinates in metres from the scene's north-west corner, x east and y south. Deterministic from
 * the seed.
 */

import { seededRandom } from '../seeded-random.js';

export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export type Material = 'clay' | 'concrete' | 'metal' | 'bitumen' | 'mosaic';
export type When = 'both' | 'before' | 'after';
export type ParcelUse = 'lot' | 'field' | 'park';

export interface PlannedParcel {
  readonly id: string;
  readonly rect: Rect;
  readonly use: ParcelUse;
  readonly district: string;
  readonly address: string;
}

export interface Roof {
  readonly rect: Rect;
  readonly material: Material;
  readonly heightM: number;
  readonly when: When;
}

export interface Tree {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly when: When;
}

export interface PlannedPermit {
  readonly permitId: string;
  readonly parcelId: string;
  readonly issuedOn: string;
  readonly expiresOn: string | null;
  readonly permittedAreaM2: number;
  readonly floors: number;
  readonly status: 'issued' | 'expired' | 'revoked';
  readonly footprint: Rect | null;
}

export type Scenario =
  | 'permitted'
  | 'no-permit'
  | 'expired-permit'
  | 'exceeds-permit'
  | 'outside-footprint'
  | 'extension-permitted'
  | 'extension-no-permit'
  | 'demolition'
  | 'encroachment'
  | 'permit-unbuilt';

/** What was planted on one parcel (or, for encroachments, on the street), and the finding expected. */
export interface TruthEntry {
  readonly parcelId: string | null;
  readonly scenario: Scenario;
  /** The violation a correct system reports (null: none; demolition is information). */
  readonly expected:
    | 'no-permit'
    | 'expired-permit'
    | 'exceeds-permit'
    | 'outside-footprint'
    | 'demolition'
    | 'encroachment'
    | null;
  readonly newBuiltM2: number;
  readonly rect: Rect | null;
}

export interface CityPlan {
  readonly sizeM: number;
  readonly parcels: readonly PlannedParcel[];
  readonly roofs: readonly Roof[];
  readonly trees: readonly Tree[];
  readonly permits: readonly PlannedPermit[];
  readonly truth: readonly TruthEntry[];
  /** Street rectangles (everything outside the blocks is street too). */
  readonly blocks: readonly Rect[];
  readonly beforeOn: string;
  readonly afterOn: string;
}

const STREETS = [
  'امام خمینی',
  'طالقانی',
  'شریعتی',
  'ولیعصر',
  'مطهری',
  'شمس تبریزی',
  'باهنر',
  'بهشتی',
  'فردوسی',
  'حافظ',
  'سعدی',
  'چمران',
  'انقلاب',
  'آزادی',
];
const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const fa = (n: number | string): string => String(n).replace(/\d/g, (d) => PERSIAN[Number(d)]!);
const area = (r: Rect): number => (r.x1 - r.x0) * (r.y1 - r.y0);

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

export const DEFAULT_DATES = { beforeOn: '2023-05-08', afterOn: '2024-07-20' } as const;

/** The plan of a square scene `sizeM` metres on a side. */
export function planCity(sizeM: number, seed: number): CityPlan {
  const rnd = seededRandom(seed);
  const between = (a: number, b: number): number => a + (b - a) * rnd();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const { beforeOn, afterOn } = DEFAULT_DATES;
  const parcels: PlannedParcel[] = [];
  const roofs: Roof[] = [];
  const trees: Tree[] = [];
  const permits: PlannedPermit[] = [];
  const truth: TruthEntry[] = [];
  const blocks: Rect[] = [];
  let permitNo = 1;
  const permit = (p: Omit<PlannedPermit, 'permitId'>): void =>
    void permits.push({ permitId: `PR-${String(permitNo++).padStart(5, '0')}`, ...p });
  // A permit that covers the period: issued in the year before the after image, valid two years.
  const coveringPermit = (parcelId: string, permittedAreaM2: number, footprint: Rect | null): void => {
    const issuedOn = addDays(afterOn, -Math.round(between(60, 420)));
    permit({
      parcelId,
      issuedOn,
      expiresOn: addDays(issuedOn, 730),
      permittedAreaM2: Math.round(permittedAreaM2),
      floors: 1 + Math.floor(rnd() * 3),
      status: 'issued',
      footprint,
    });
  };
  // An old permit that ended before the before image.
  const expiredPermit = (parcelId: string, permittedAreaM2: number): void => {
    const issuedOn = addDays(beforeOn, -Math.round(between(1500, 2600)));
    permit({
      parcelId,
      issuedOn,
      expiresOn: addDays(issuedOn, 730),
      permittedAreaM2: Math.round(permittedAreaM2),
      floors: 2,
      status: 'expired',
      footprint: null,
    });
  };

  // Streets: an avenue grid with blocks between; wider avenues every third line.
  const xs: number[] = [];
  const ys: number[] = [];
  for (let x = between(4, 12), i = 0; x < sizeM; i++) {
    const street = i % 3 === 0 ? 18 : 11;
    xs.push(x + street);
    x += street + between(70, 110);
  }
  for (let y = between(4, 12), i = 0; y < sizeM; i++) {
    const street = i % 3 === 0 ? 18 : 11;
    ys.push(y + street);
    y += street + between(55, 85);
  }
  let blockNo = 0;
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const block: Rect = {
        x0: xs[i]!,
        y0: ys[j]!,
        x1: xs[i + 1]! - (i % 3 === 2 ? 18 : 11),
        y1: ys[j + 1]! - (j % 3 === 2 ? 18 : 11),
      };
      if (block.x1 > sizeM - 2 || block.y1 > sizeM - 2) continue;
      blocks.push(block);
      blockNo++;
      const district = `منطقه ${fa(1 + (block.x0 > sizeM / 2 ? 1 : 0) + (block.y0 > sizeM / 2 ? 2 : 0))}`;
      const street = pick(STREETS);
      const use: ParcelUse = rnd() < 0.1 ? 'field' : rnd() < 0.06 ? 'park' : 'lot';
      const idOf = (k: number): string => `KH-${String(blockNo).padStart(3, '0')}-${String(k).padStart(2, '0')}`;
      if (use !== 'lot') {
        parcels.push({ id: idOf(1), rect: block, use, district, address: `خوی، ${district}، خیابان ${street}` });
        if (use === 'park')
          for (let t = 0; t < area(block) / 120; t++)
            trees.push({
              x: between(block.x0 + 3, block.x1 - 3),
              y: between(block.y0 + 3, block.y1 - 3),
              r: between(2, 4),
              when: 'both',
            });
        continue;
      }
      // Two rows of lots back to back, fronting the streets above and below the block.
      const mid = (block.y0 + block.y1) / 2;
      let k = 1;
      for (const [ry0, ry1, front] of [
        [block.y0, mid, 'north'],
        [mid, block.y1, 'south'],
      ] as const) {
        for (let x = block.x0; x < block.x1 - 6; ) {
          const w = Math.min(block.x1 - x, between(10, 24));
          const lot: Rect = { x0: x, y0: ry0, x1: x + w < block.x1 - 6 ? x + w : block.x1, y1: ry1 };
          x = lot.x1;
          const id = idOf(k++);
          parcels.push({
            id,
            rect: lot,
            use: 'lot',
            district,
            address: `خوی، ${district}، خیابان ${street}، کوچه ${fa(1 + (blockNo % 9))}، پلاک ${fa(k - 1)}`,
          });
          planLot(id, lot, front);
        }
      }
      // Street trees along the block's north edge.
      for (let x = block.x0 + 4; x < block.x1 - 4; x += between(8, 14))
        trees.push({ x, y: block.y0 - 2.5, r: between(1.6, 2.6), when: rnd() < 0.04 ? 'before' : 'both' });
    }
  }
  // Kiosks and sheds on the wide avenues: encroachment on public land.
  for (let e = 0; e < Math.max(1, Math.round(sizeM / 700)); e++) {
    const x = between(0.2, 0.8) * sizeM;
    const y = (ys[3 * (e % Math.max(1, Math.floor(ys.length / 3)))] ?? ys[0]!) - 16;
    const rect = { x0: x, y0: y, x1: x + between(6, 8), y1: y + between(5, 6.5) };
    if (blocks.some((b) => rect.x1 > b.x0 && rect.x0 < b.x1 && rect.y1 > b.y0 && rect.y0 < b.y1)) continue;
    roofs.push({ rect, material: 'metal', heightM: 3, when: 'after' });
    truth.push({ parcelId: null, scenario: 'encroachment', expected: 'encroachment', newBuiltM2: area(rect), rect });
  }
  return { sizeM, parcels, roofs, trees, permits, truth, blocks, beforeOn, afterOn };

  function building(lot: Rect, front: 'north' | 'south', depthShare: number): Rect {
    const setback = between(0, 2.5);
    const side = between(0.6, 1.6);
    const depth = (lot.y1 - lot.y0) * depthShare;
    return front === 'north'
      ? { x0: lot.x0 + side, y0: lot.y0 + setback, x1: lot.x1 - side, y1: lot.y0 + setback + depth }
      : { x0: lot.x0 + side, y0: lot.y1 - setback - depth, x1: lot.x1 - side, y1: lot.y1 - setback };
  }

  function planLot(id: string, lot: Rect, front: 'north' | 'south'): void {
    const material = pick<Material>(['clay', 'clay', 'concrete', 'concrete', 'metal', 'bitumen', 'mosaic']);
    const heightM = 3 * (1 + Math.floor(rnd() * 3));
    const dice = rnd();
    if (dice < 0.14) {
      // An empty lot before; most get a building by the after date.
      const rect = building(lot, front, between(0.5, 0.7));
      const built = area(rect);
      const s = rnd();
      const scenario: Scenario =
        s < 0.26
          ? 'permitted'
          : s < 0.5
            ? 'no-permit'
            : s < 0.64
              ? 'exceeds-permit'
              : s < 0.76
                ? 'expired-permit'
                : s < 0.9
                  ? 'outside-footprint'
                  : 'permit-unbuilt';
      if (scenario === 'permit-unbuilt') {
        coveringPermit(id, built, null);
        truth.push({ parcelId: id, scenario, expected: null, newBuiltM2: 0, rect: null });
        return;
      }
      roofs.push({ rect, material, heightM, when: 'after' });
      if (scenario === 'permitted') coveringPermit(id, built * between(1.0, 1.25), rnd() < 0.5 ? rect : null);
      if (scenario === 'exceeds-permit') coveringPermit(id, built / between(2.2, 3), null);
      if (scenario === 'expired-permit') expiredPermit(id, built);
      if (scenario === 'outside-footprint') {
        // Permitted at the back of the lot, built at the front (at least 6 m apart).
        const depth = rect.y1 - rect.y0;
        const shift = Math.max(6, lot.y1 - lot.y0 - depth - 1) * (front === 'north' ? 1 : -1);
        coveringPermit(id, built * 1.1, { ...rect, y0: rect.y0 + shift, y1: rect.y1 + shift });
      }
      const expected = scenario === 'permitted' ? null : scenario;
      truth.push({ parcelId: id, scenario, expected, newBuiltM2: built, rect });
      return;
    }
    const main = building(lot, front, between(0.45, 0.65));
    if (dice < 0.17) {
      roofs.push({ rect: main, material, heightM, when: 'before' });
      truth.push({ parcelId: id, scenario: 'demolition', expected: 'demolition', newBuiltM2: 0, rect: main });
      return;
    }
    roofs.push({ rect: main, material, heightM, when: 'both' });
    if (rnd() < 0.35) expiredPermit(id, area(main));
    if (dice < 0.24) {
      // An extension behind the house, 5-8 m deep.
      const depth = between(5, 8);
      const annex: Rect =
        front === 'north'
          ? { x0: main.x0, y0: main.y1, x1: main.x1, y1: Math.min(lot.y1 - 0.5, main.y1 + depth) }
          : { x0: main.x0, y0: Math.max(lot.y0 + 0.5, main.y0 - depth), x1: main.x1, y1: main.y0 };
      const added = area(annex);
      if (added < 30) return;
      roofs.push({
        rect: annex,
        material: pick<Material>(['concrete', 'metal', 'bitumen']),
        heightM: 3,
        when: 'after',
      });
      const permitted = rnd() < 0.45;
      if (permitted) coveringPermit(id, added * between(1.0, 1.2), null);
      const hasOld = permits.some((p) => p.parcelId === id);
      truth.push({
        parcelId: id,
        scenario: permitted ? 'extension-permitted' : 'extension-no-permit',
        expected: permitted ? null : hasOld ? 'expired-permit' : 'no-permit',
        newBuiltM2: added,
        rect: annex,
      });
      return;
    }
    // A yard tree now and then.
    if (rnd() < 0.3) {
      const yard = front === 'north' ? { y: (main.y1 + lot.y1) / 2 } : { y: (main.y0 + lot.y0) / 2 };
      trees.push({
        x: between(lot.x0 + 2, lot.x1 - 2),
        y: yard.y,
        r: between(1.5, 3),
        when: rnd() < 0.05 ? 'before' : 'both',
      });
    }
  }
}
