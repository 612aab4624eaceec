import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import type { Grid } from '../align/grid.js';
import type { ChangeRegion } from '../detect/change-region.js';
import { WGS84 } from '../geometry/map-coordinates.js';
import { planarArea } from '../geometry/planar.js';
import { DEFAULT_RULES } from './assessment-rules.js';
import { assessParcels } from './assess-parcels.js';
import { flagsToGeoJson } from './flags-geojson.js';
import type { Parcel, Permit } from './parcel.js';
import { placeParcels, placePermits } from './place-parcels.js';

// 0.5 m pixels in UTM 38N near Khoy; parcels are 20 m (40 px) squares in a row with a 10 m street below.
const UTM38N = {
  epsg: 32638,
  proj4: '+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs',
  name: 'WGS 84 / UTM zone 38N',
};
const grid: Grid = { width: 400, height: 200, transform: [500000, 0.5, 0, 4270000, 0, -0.5], crs: UTM38N };
const toLngLat = proj4(UTM38N.proj4, WGS84.proj4!);
const pxToLngLat = (c: number, r: number): Position => toLngLat.forward([500000 + 0.5 * c, 4270000 - 0.5 * r]);
const square = (
  c: number,
  r: number,
  w: number,
  h: number,
  map = (c: number, r: number): Position => [c, r],
): Position[][] => [[map(c, r), map(c + w, r), map(c + w, r + h), map(c, r + h), map(c, r)]];
const parcels: Parcel[] = [0, 1, 2, 3].map((i) => ({
  id: `P${i}`,
  district: 'منطقه ۲',
  address: `پلاک ${i}`,
  geometry: { type: 'Polygon', coordinates: square(40 * i, 0, 40, 40, pxToLngLat) },
}));
const region = (
  id: number,
  kind: ChangeRegion['kind'],
  c: number,
  r: number,
  w: number,
  h: number,
  score = 0.8,
): ChangeRegion => ({
  id,
  kind,
  score,
  evidence: { scoreMax: score, aboveThresholdShare: 1, greenChange: 0, brightChange: 0 },
  areaM2: w * h * 0.25,
  polygons: [square(c, r, w, h) as [number, number][][]],
  bbox: [c, r, c + w, r + h],
});
const period = { beforeOn: '2024-06-01', afterOn: '2025-06-01' };
const permit = (over: Partial<Permit>): Permit => ({
  permitId: 'K',
  parcelId: 'P0',
  issuedOn: '2024-01-01',
  expiresOn: '2026-01-01',
  permittedAreaM2: 100,
  floors: 2,
  status: 'issued',
  footprint: null,
  ...over,
});

function assess(regions: ChangeRegion[], permits: Permit[] = []) {
  const placed = placeParcels({ crs: WGS84, parcels }, grid);
  return assessParcels({
    parcels: placed,
    permits: placePermits(permits, WGS84, grid, 2),
    regions,
    period,
    pixelAreaM2: 0.25,
    rules: DEFAULT_RULES,
  });
}

describe('assessParcels', () => {
  it('places parcels given in longitude/latitude onto the UTM grid', () => {
    const placed = placeParcels({ crs: WGS84, parcels }, grid);
    expect(placed[1]!.boundsPx.map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([40, 0, 80, 40]);
    expect(planarArea(placed[1]!.px) * 0.25).toBeCloseTo(400, 3);
  });

  it('splits a change across the parcels it straddles', () => {
    // 60 x 20 px = 300 m2 from col 10 to 70: 30 px (150 m2) on P0 and 30 px on P1.
    const flags = assess([region(1, 'new', 10, 10, 60, 20)]);
    expect(flags.map((f) => [f.parcelId, f.violation, Math.round(f.newBuiltM2)]).sort()).toEqual([
      ['P0', 'no-permit', 150],
      ['P1', 'no-permit', 150],
    ]);
    expect(flags.every((f) => f.regionIds.join() === '1')).toBe(true);
  });

  it('judges each parcel by its own permits', () => {
    const permits = [
      permit({ permitId: 'K-0', parcelId: 'P0', permittedAreaM2: 200 }),
      permit({ permitId: 'K-1', parcelId: 'P1', permittedAreaM2: 50 }),
      permit({ permitId: 'K-2', parcelId: 'P2', expiresOn: '2023-01-01', status: 'expired' }),
    ];
    const flags = assess([region(1, 'new', 10, 10, 60, 20), region(2, 'new', 90, 10, 20, 20)], permits);
    const got = Object.fromEntries(flags.map((f) => [f.parcelId, [f.violation, f.permitIds.join()]]));
    expect(got).toEqual({ P1: ['exceeds-permit', 'K-1'], P2: ['expired-permit', 'K-2'] });
    const p2 = flags.find((f) => f.parcelId === 'P2')!;
    expect(p2.permits.map((p) => [p.permitId, p.status, p.coversPeriod])).toEqual([['K-2', 'expired', false]]);
  });

  it("carries the parcel's permits and their footprints into the flag properties", () => {
    const footprint = { type: 'Polygon' as const, coordinates: square(4, 4, 20, 20, pxToLngLat) };
    const flags = assess(
      [region(1, 'new', 30, 4, 20, 20)],
      [permit({ permitId: 'K-9', parcelId: 'P0', permittedAreaM2: 300, footprint })],
    );
    const f = flagsToGeoJson(flags, grid).features.find((x) => x.properties.parcel_id === 'P0')!;
    expect(f.properties.violation).toBe('outside-footprint');
    expect(f.properties.permits).toEqual([
      {
        permit_id: 'K-9',
        issued_on: '2024-01-01',
        expires_on: '2026-01-01',
        permitted_area_m2: 300,
        floors: 2,
        status: 'issued',
        covers_period: true,
      },
    ]);
    const [lng, lat] = f.properties.permit_footprints!.coordinates[0]![0]![0]!;
    expect(lng).toBeGreaterThan(44.9);
    expect(lat).toBeGreaterThan(38);
  });

  it('reports demolitions as information and change off every parcel as encroachment', () => {
    const flags = assess([region(1, 'removed', 130, 5, 20, 20), region(2, 'new', 200, 60, 40, 20)]);
    expect(
      flags.map((f) => [f.parcelId, f.violation, f.category, Math.round(f.removedM2 || f.newBuiltM2)]).sort(),
    ).toEqual(
      [
        ['P3', 'demolition', 'information', 100],
        [null, 'encroachment', 'candidate', 200],
      ].sort(),
    );
  });

  it('ranks by confidence: higher scores and larger margins first', () => {
    const flags = assess([
      region(1, 'new', 0, 0, 40, 40, 0.5),
      region(2, 'new', 40, 0, 40, 40, 0.9),
      region(3, 'new', 80, 0, 10, 9, 0.6),
    ]);
    expect(flags.map((f) => f.parcelId)).toEqual(['P1', 'P0', 'P2']);
    expect(flags[0]!.confidence).toBeCloseTo(0.9, 6);
  });

  it('writes RFC 7946 features with the parcel as geometry and the change as evidence', () => {
    const flags = assess([region(1, 'new', 10, 10, 20, 20)]);
    const fc = flagsToGeoJson(flags, grid);
    const f = fc.features[0]!;
    expect(f.properties.flag_id).toBe('P0/no-permit');
    expect(f.properties.district).toBe('منطقه ۲');
    const [west, south, east, north] = f.properties.bbox;
    const [lng, lat] = pxToLngLat(20, 20);
    expect(lng).toBeGreaterThan(west);
    expect(lng).toBeLessThan(east);
    expect(lat).toBeGreaterThan(south);
    expect(lat).toBeLessThan(north);
    // Exterior rings counter-clockwise in longitude/latitude.
    const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates[0]!)[0]!;
    expect(planarArea({ type: 'Polygon', coordinates: [ring] })).toBeGreaterThan(0);
    let signed = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      signed += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    expect(signed).toBeGreaterThan(0);
  });
});
