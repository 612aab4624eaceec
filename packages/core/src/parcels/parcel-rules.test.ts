import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { DEFAULT_RULES } from './assessment-rules.js';
import { permitCovers, type Permit } from './parcel.js';
import { parcelViolations, type PlacedPermit } from './parcel-rules.js';

const period = { beforeOn: '2024-06-01', afterOn: '2025-06-01' };
const permit = (over: Partial<Permit> = {}): Permit => ({
  permitId: 'K-1',
  parcelId: 'P1',
  issuedOn: '2024-01-10',
  expiresOn: '2026-01-10',
  permittedAreaM2: 100,
  floors: 2,
  status: 'issued',
  footprint: null,
  ...over,
});
const placed = (over: Partial<Permit> = {}, footprintPx: PlacedPermit['footprintPx'] = null): PlacedPermit => ({
  permit: permit(over),
  footprintPx,
});
// A w x h rectangle at (c, r) in pixels of 1 m2.
const rect = (c: number, r: number, w: number, h: number): Position[][] => [
  [
    [c, r],
    [c + w, r],
    [c + w, r + h],
    [c, r + h],
    [c, r],
  ],
];
const change = (areaM2: number, pieces: Position[][][] = [rect(0, 0, areaM2, 1)]) => ({
  newBuiltM2: areaM2,
  newPiecesPx: pieces,
  pixelAreaM2: 1,
});

describe('permitCovers', () => {
  it('covers when issued before the after date and not ended before the before date', () => {
    expect(permitCovers(permit(), period)).toBe(true);
    expect(permitCovers(permit({ issuedOn: '2025-07-01' }), period)).toBe(false); // issued after the after image
    expect(permitCovers(permit({ expiresOn: '2024-05-31', status: 'expired' }), period)).toBe(false);
    expect(permitCovers(permit({ expiresOn: '2024-09-01', status: 'expired' }), period)).toBe(true); // ran into the period
    expect(permitCovers(permit({ status: 'revoked' }), period)).toBe(false);
    expect(permitCovers(permit({ expiresOn: null }), period)).toBe(true);
    expect(permitCovers(permit({ expiresOn: null, status: 'expired' }), period)).toBe(false);
  });
});

describe('parcelViolations', () => {
  it('ignores construction below the minimum area', () => {
    expect(parcelViolations(change(19.9), [], period, DEFAULT_RULES)).toEqual([]);
  });

  it('tells no-permit from expired-permit', () => {
    expect(parcelViolations(change(40), [], period, DEFAULT_RULES).map((f) => f.violation)).toEqual(['no-permit']);
    const expired = parcelViolations(
      change(40),
      [placed({ expiresOn: '2023-01-01', status: 'expired' })],
      period,
      DEFAULT_RULES,
    );
    expect(expired.map((f) => [f.violation, f.permitIds])).toEqual([['expired-permit', ['K-1']]]);
    expect(expired[0]!.margin).toBe(1);
  });

  it('flags exceeds-permit only past both the share and the m2 tolerance', () => {
    // permitted 100: tolerance max(15, 10) = 15
    expect(parcelViolations(change(114), [placed()], period, DEFAULT_RULES)).toEqual([]);
    const over = parcelViolations(change(130), [placed()], period, DEFAULT_RULES);
    expect(over.map((f) => [f.violation, f.permittedAreaM2])).toEqual([['exceeds-permit', 100]]);
    // permitted 40: tolerance max(6, 10) = 10
    expect(parcelViolations(change(49), [placed({ permittedAreaM2: 40 })], period, DEFAULT_RULES)).toEqual([]);
    expect(
      parcelViolations(change(51), [placed({ permittedAreaM2: 40 })], period, DEFAULT_RULES).map((f) => f.violation),
    ).toEqual(['exceeds-permit']);
  });

  it('adds up the permits that cover the period, and only those', () => {
    const permits = [
      placed({ permittedAreaM2: 60 }),
      placed({ permitId: 'K-2', permittedAreaM2: 60 }),
      placed({ permitId: 'K-3', permittedAreaM2: 500, status: 'revoked' }),
    ];
    expect(parcelViolations(change(130), permits, period, DEFAULT_RULES)).toEqual([]);
    expect(
      parcelViolations(change(150), permits, period, DEFAULT_RULES).map((f) => [
        f.violation,
        f.permittedAreaM2,
        f.permitIds,
      ]),
    ).toEqual([['exceeds-permit', 120, ['K-1', 'K-2']]]);
  });

  it('measures construction outside the permitted footprint', () => {
    // Footprint 10 x 10 at the origin; construction 10 x 10 shifted 4 px: 40 m2 outside.
    const footprint = { type: 'Polygon' as const, coordinates: rect(0, 0, 10, 10) };
    const shifted = change(100, [rect(4, 0, 10, 10)]);
    const found = parcelViolations(shifted, [placed({ permittedAreaM2: 120 }, footprint)], period, DEFAULT_RULES);
    expect(found.map((f) => f.violation)).toEqual(['outside-footprint']);
    expect(found[0]!.areaM2).toBeCloseTo(40, 6);
    const inside = change(100, [rect(0, 0, 10, 10)]);
    expect(parcelViolations(inside, [placed({ permittedAreaM2: 120 }, footprint)], period, DEFAULT_RULES)).toEqual([]);
  });
});
