import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { FlagFeature } from '@payesh/core';
import { FLAGS_CSV_COLUMNS } from '@payesh/contract';
import { flagsToCsv } from './flags-csv.js';

const evidence = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [45, 38],
        [45.001, 38],
        [45.001, 38.001],
        [45, 38],
      ],
    ],
  ],
};
const feature: FlagFeature = {
  type: 'Feature',
  geometry: evidence,
  properties: {
    flag_id: 'K-1/no-permit',
    rank: 1,
    parcel_id: 'K-1',
    violation: 'no-permit',
    category: 'violation',
    new_built_m2: 42.5,
    removed_m2: 0,
    permitted_area_m2: null,
    permit_ids: ['P-1', 'P-2'],
    confidence: 0.81,
    district: 'منطقه ۱',
    address: 'Imam St, "north" side\nblock 3',
    region_ids: [4, 9],
    bbox: [45, 38, 45.001, 38.001],
    evidence,
    permits: [],
    permit_footprints: null,
    features: null,
  },
};

describe('flagsToCsv', () => {
  it('writes a BOM, the header and rows that a CSV reader gets back exactly', () => {
    const csv = flagsToCsv([feature]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...FLAGS_CSV_COLUMNS]);
    expect(rows[0]).toMatchObject({
      parcel_id: 'K-1',
      permit_ids: 'P-1;P-2',
      permitted_area_m2: '',
      district: 'منطقه ۱',
      address: 'Imam St, "north" side\nblock 3',
      region_ids: '4;9',
      west: '45',
      north: '38.001',
    });
    expect(rows[0]!.evidence_wkt).toBe('MULTIPOLYGON (((45 38, 45.001 38, 45.001 38.001, 45 38)))');
  });

  it('writes hostile text as text, never as a live formula, and numbers as numbers', () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const features = hostile.map(
      (text, i): FlagFeature => ({
        ...feature,
        properties: {
          ...feature.properties,
          rank: i + 1,
          parcel_id: text,
          district: text,
          address: text,
          permit_ids: [text],
          bbox: [-45.5, -38, -45.4, -37.9],
        },
      }),
    );
    const rows = parse(flagsToCsv(features).slice(1), { columns: true }) as Record<string, string>[];
    for (const [i, text] of hostile.entries()) {
      expect([rows[i]!.parcel_id, rows[i]!.district, rows[i]!.address, rows[i]!.permit_ids]).toEqual([
        `'${text}`,
        `'${text}`,
        `'${text}`,
        `'${text}`,
      ]);
      expect([rows[i]!.rank, rows[i]!.west, rows[i]!.south, rows[i]!.new_built_m2]).toEqual([
        String(i + 1),
        '-45.5',
        '-38',
        '42.5',
      ]);
    }
  });

  it('writes byte for byte what main wrote on the same flags (fixtures/expected, made by f646ee3)', () => {
    const fixture = (name: string) => new URL(`../../../../fixtures/expected/${name}`, import.meta.url);
    const { features } = JSON.parse(readFileSync(fixture('flags-csv_input.geojson'), 'utf8')) as {
      features: FlagFeature[];
    };
    expect(flagsToCsv(features)).toBe(readFileSync(fixture('flags-csv_main.csv'), 'utf8'));
  });
});
