import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPermits } from './read-permits.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-permits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const parcelIds = new Set(['K-001', 'K-002', 'K-003']);

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const HEADER = 'permit_id,parcel_id,issued_on,expires_on,permitted_area_m2,floors,status,footprint';

describe('readPermits', () => {
  it('reads CSV with ISO and Solar Hijri dates in Latin and Persian digits, and footprints', async () => {
    const csv = [
      `\uFEFF${HEADER}`,
      'P-1,K-001,1403/12/11,۱۴۰۵/۰۱/۰۱,120,2,issued,"POLYGON((0 0,10 0,10 12,0 12,0 0))"',
      'P-2,K-002,2023-05-01,2024-05-01,۸۰,۱,expired,',
      'P-3,K-002,۱۴۰۲/۰۲/۱۰,,95.5,,revoked,"{""type"":""Polygon"",""coordinates"":[[[0,0],[5,0],[5,5],[0,0]]]}"',
    ].join('\n');
    const r = await readPermits(write('permits.csv', csv), { parcelIds });
    expect(r.rejected).toEqual([]);
    expect(r.rows).toBe(3);
    expect(
      r.permits.map((p) => [p.permitId, p.parcelId, p.issuedOn, p.expiresOn, p.permittedAreaM2, p.floors, p.status]),
    ).toEqual([
      ['P-1', 'K-001', '2025-03-01', '2026-03-21', 120, 2, 'issued'],
      ['P-2', 'K-002', '2023-05-01', '2024-05-01', 80, 1, 'expired'],
      ['P-3', 'K-002', '2023-04-30', null, 95.5, null, 'revoked'],
    ]);
    expect(r.permits[0]!.footprint).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 12],
          [0, 12],
          [0, 0],
        ],
      ],
    });
    expect(r.permits[2]!.footprint?.type).toBe('Polygon');
  });

  it('reports every bad row with its line, and never drops one silently', async () => {
    const csv = [
      HEADER,
      'P-1,K-001,2024-01-01,,100,2,issued,',
      'P-2,K-999,2024-01-01,,100,2,issued,',
      'P-3,K-001,1403/13/01,,100,2,issued,',
      'P-4,K-001,2024-01-01,,-5,2,issued,',
      '',
      'P-1,K-002,2024-01-01,,100,2,issued,',
      'P-6,K-003,2024-01-01,2023-01-01,100,2,issued,',
      'P-7,K-003,2024-01-01,,100,2,approved,',
      'P-8,K-003,2024-01-01,,100,2.5,issued,',
      'P-9,K-003,2024-01-01,,100,2,issued,"LINESTRING(0 0,1 1)"',
      'P-10,K-003,2024-01-01,,100,2,issued,POLYGON((0 0,1 0,1 1,0 0))',
    ].join('\n');
    const r = await readPermits(write('bad.csv', csv), { parcelIds });
    expect(r.permits.map((p) => p.permitId)).toEqual(['P-1']);
    expect(r.rows).toBe(r.permits.length + r.rejected.length);
    expect(r.rejected.map((p) => [p.line, p.message])).toEqual([
      [3, 'unknown parcel "K-999"'],
      [4, 'issued_on "1403/13/01" is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11)'],
      [5, 'permitted_area_m2 is negative (-5)'],
      [7, 'duplicate permit_id "P-1"'],
      [8, 'expires_on 2023-01-01 is before issued_on 2024-01-01'],
      [9, 'status "approved" is not one of issued, expired, revoked'],
      [10, 'floors "2.5" is not a whole number'],
      [11, 'footprint: geometry is LineString, not a Polygon or MultiPolygon'],
      [12, 'has 11 fields, the header has 8'],
    ]);
    await expect(readPermits(write('bad2.csv', csv), { parcelIds, strict: true })).rejects.toThrow(
      'line 3: unknown parcel "K-999" (--strict stops at the first bad row)',
    );
  });

  it('reads JSON arrays and numbers items', async () => {
    const json = JSON.stringify({
      permits: [
        {
          permit_id: 'J-1',
          parcel_id: 'K-003',
          issued_on: '1404/01/15',
          expires_on: null,
          permitted_area_m2: 60,
          floors: 1,
          status: 'issued',
          footprint: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          permit_id: 'J-2',
          parcel_id: 'K-003',
          issued_on: 'soon',
          expires_on: null,
          permitted_area_m2: 60,
          floors: 1,
          status: 'issued',
        },
      ],
    });
    const r = await readPermits(write('permits.json', json), { parcelIds });
    expect(r.permits.map((p) => [p.permitId, p.issuedOn])).toEqual([['J-1', '2025-04-04']]);
    expect(r.rejected).toEqual([
      {
        line: 2,
        permitId: 'J-2',
        message: 'issued_on "soon" is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11)',
      },
    ]);
  });

  it('stops with one clear line on a file it cannot use', async () => {
    await expect(readPermits(join(dir, 'none.csv'), { parcelIds })).rejects.toThrow(
      'cannot read the permits: no such file',
    );
    await expect(readPermits(write('cols.csv', 'permit_id,parcel\nP-1,K-001\n'), { parcelIds })).rejects.toThrow(
      /lack the columns parcel_id, issued_on, expires_on, permitted_area_m2, floors, status \(found: permit_id, parcel\)/,
    );
    await expect(readPermits(write('quote.csv', `${HEADER}\nP-1,"K-001,2024\n`), { parcelIds })).rejects.toThrow(
      /not readable CSV/,
    );
    await expect(readPermits(write('obj.json', '{"a": 1}'), { parcelIds })).rejects.toThrow(/must be an array/);
  });
});
