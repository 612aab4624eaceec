import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planarArea } from '@payesh/core';
import { readParcels } from './read-parcels.js';
import { circleRing, needSharedData, needTools, sharedDataDir, writeManyVertexParcels } from '@payesh/testkit';

const dir = mkdtempSync(join(tmpdir(), 'payesh-parcels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two 20 m parcels in UTM 38N (Khoy), with Persian fields.
const utmParcels = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32638' } },
  features: [
    {
      type: 'Feature',
      properties: { parcel_id: 'K-001', district: 'منطقه ۱', address: 'خوی، خیابان امام، پلاک ۱۲' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [497000, 4270000],
            [497020, 4270000],
            [497020, 4270020],
            [497000, 4270020],
            [497000, 4270000],
          ],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { parcel_id: 'K-002', district: 'منطقه ۲', address: null },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [497020, 4270000],
            [497040, 4270000],
            [497040, 4270020],
            [497020, 4270020],
            [497020, 4270000],
          ],
        ],
      },
    },
  ],
};

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const ogr = needTools(['ogr2ogr']);
const data = needSharedData();

describe('readParcels', () => {
  it('reads GeoJSON with a declared CRS and keeps districts and Persian addresses', async () => {
    const r = await readParcels(write('utm.geojson', utmParcels));
    expect(r.set.crs.epsg).toBe(32638);
    expect(r.set.parcels.map((p) => [p.id, p.district, p.address])).toEqual([
      ['K-001', 'منطقه ۱', 'خوی، خیابان امام، پلاک ۱۲'],
      ['K-002', 'منطقه ۲', null],
    ]);
    expect(planarArea(r.set.parcels[0]!.geometry)).toBe(400);
    expect(r.problems).toEqual([]);
  });

  it('reports repaired and rejected parcels with their position, and keeps the rest', async () => {
    const features = [
      {
        type: 'Feature',
        properties: { parcel_id: 'A' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        },
      }, // bow-tie
      {
        type: 'Feature',
        properties: { parcel_id: 'A' },
        geometry: {
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
      }, // duplicate id
      { type: 'Feature', properties: { parcel_id: 'B' }, geometry: { type: 'Point', coordinates: [0, 0] } },
      {
        type: 'Feature',
        properties: { other: 1 },
        geometry: {
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
        type: 'Feature',
        properties: { parcel_id: 'C' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
            ],
          ],
        },
      }, // open ring
    ];
    const r = await readParcels(write('mixed.geojson', { type: 'FeatureCollection', features }));
    expect(r.set.crs.epsg).toBe(4326);
    expect(r.set.parcels.map((p) => p.id)).toEqual(['A', 'C']);
    expect(r.problems.map((p) => [p.feature, p.parcelId, p.action, p.message])).toEqual([
      [1, 'A', 'repaired', 'split a self-intersecting outline at its crossings'],
      [2, 'A', 'rejected', 'duplicate parcel id "A"'],
      [3, 'B', 'rejected', 'geometry is Point, not a Polygon or MultiPolygon'],
      [4, null, 'rejected', 'no parcel id in the field "parcel_id"'],
      [5, 'C', 'repaired', 'closed an open ring'],
    ]);
  });

  it('leaves out a parcel of a million vertices at once, naming it, and keeps the rest', async () => {
    const huge = {
      type: 'Feature',
      properties: { parcel_id: 'HUGE-1' },
      geometry: { type: 'Polygon', coordinates: [circleRing(1_000_000, 44.95, 38.55, 0.0004)] },
    };
    const small = {
      type: 'Feature',
      properties: { parcel_id: 'S-1' },
      geometry: { type: 'Polygon', coordinates: [circleRing(12, 44.96, 38.55, 0.0004)] },
    };
    const path = write('million.geojson', { type: 'FeatureCollection', features: [huge, small] });
    const started = performance.now();
    const r = await readParcels(path);
    expect(performance.now() - started).toBeLessThan(30_000); // checking every pair of its edges took hours
    expect(r.set.parcels.map((p) => p.id)).toEqual(['S-1']);
    expect(r.problems).toEqual([
      {
        feature: 1,
        parcelId: 'HUGE-1',
        action: 'rejected',
        message: 'geometry has 1000001 vertices, more than the 100000 allowed per parcel',
      },
    ]);
    const fewer = await readParcels(write('three.geojson', { type: 'FeatureCollection', features: [small] }), {
      maxVertices: 12,
    });
    expect(fewer.problems.map((p) => p.message)).toEqual([
      'geometry has 13 vertices, more than the 12 allowed per parcel',
    ]);
  });

  it('leaves out parcels with coordinates that are not finite or beyond the CRS, one problem each', async () => {
    const square = (x: number, y: number, d: number) => [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ];
    const parcel = (id: string, ring: unknown) => ({
      type: 'Feature',
      properties: { parcel_id: id },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    // 1e400 is Infinity once parsed: JSON has no other way to say it.
    const lngLat = `{"type":"FeatureCollection","features":[${[
      parcel('OK', square(44.95, 38.55, 0.001)),
      parcel('HUGE', square(1e308, 38.55, 0.001)),
      parcel('POLE', square(44.95, 95, 0.001)),
    ]
      .map((f) => JSON.stringify(f))
      .join(
        ',',
      )},{"type":"Feature","properties":{"parcel_id":"INF"},"geometry":{"type":"Polygon","coordinates":[[[1e400,0],[1,0],[1,1],[1e400,0]]]}}]}`;
    const r = await readParcels(write('far.geojson', lngLat));
    expect(r.set.parcels.map((p) => p.id)).toEqual(['OK']);
    expect(r.problems.map((p) => [p.parcelId, p.action, p.message])).toEqual([
      [
        'HUGE',
        'rejected',
        "the coordinate (1e+308, 38.55) is outside the CRS's plausible range (longitude -180..180 and latitude -90..90)",
      ],
      [
        'POLE',
        'rejected',
        "the coordinate (44.95, 95) is outside the CRS's plausible range (longitude -180..180 and latitude -90..90)",
      ],
      ['INF', 'rejected', 'the coordinate (Infinity, 0) is not a finite number'],
    ]);
    // Projected: UTM south's false northing (10,000,000 m) is a place; 1e9 m is not.
    const utm = {
      ...utmParcels,
      features: [parcel('SOUTH', square(497000, 9_999_000, 20)), parcel('FAR', square(1e9, 4270000, 20))],
    };
    const projected = await readParcels(write('far-utm.geojson', utm));
    expect(projected.set.parcels.map((p) => p.id)).toEqual(['SOUTH']);
    expect(projected.problems.map((p) => p.message)).toEqual([
      "the coordinate (1000000000, 4270000) is outside the CRS's plausible range (|x| and |y| up to 1e8)",
    ]);
  });

  it('stops checking parcels soon after its signal is aborted', async () => {
    const path = writeManyVertexParcels(join(dir, 'many.geojson'), 40, 20_000);
    const controller = new AbortController();
    const reading = readParcels(path, { signal: controller.signal });
    const started = performance.now();
    setTimeout(() => controller.abort(), 1500);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(4500); // all 40 take over ten seconds
  });

  it('says clearly what is wrong with a file it cannot use', async () => {
    await expect(readParcels(join(dir, 'none.geojson'))).rejects.toThrow('cannot read the parcels: no such file');
    await expect(readParcels(write('broken.geojson', '{"type": "FeatureColl'))).rejects.toThrow(/not valid JSON/);
    await expect(readParcels(write('point.geojson', { type: 'Feature' }))).rejects.toThrow(
      /must be a GeoJSON FeatureCollection/,
    );
    await expect(readParcels(write('ids.geojson', utmParcels), { idField: 'plak' })).rejects.toThrow(
      /no feature has the id field "plak" \(fields: parcel_id, district, address\)/,
    );
    const unknownCrs = { ...utmParcels, crs: { type: 'name', properties: { name: 'EPSG:99999' } } };
    await expect(readParcels(write('crs.geojson', unknownCrs))).rejects.toThrow(/declare the CRS "EPSG:99999"/);
  });

  it.skipIf(ogr.skip)(
    `reads a Shapefile written by GDAL, its .prj CRS and UTF-8 attributes (needs gdal-bin)${ogr.note}`,
    async () => {
      ogr.assert();
      const src = write('for-shp.geojson', utmParcels);
      const shp = join(dir, 'parcels.shp');
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', shp, src], { stdio: 'pipe' });
      const r = await readParcels(shp);
      expect(r.set.crs.epsg).toBe(32638);
      expect(r.set.parcels.map((p) => [p.id, p.district, p.address])).toEqual([
        ['K-001', 'منطقه ۱', 'خوی، خیابان امام، پلاک ۱۲'],
        ['K-002', 'منطقه ۲', null],
      ]);
      expect(planarArea(r.set.parcels[1]!.geometry)).toBeCloseTo(400, 6);
      rmSync(join(dir, 'parcels.prj'));
      await expect(readParcels(shp)).rejects.toThrow(/no \.prj beside it/);
    },
  );

  it.skipIf(ogr.skip)(
    `repairs and leaves out bad parcels of a Shapefile as of GeoJSON (needs gdal-bin)${ogr.note}`,
    async () => {
      ogr.assert();
      const square = (x: number, y: number, d: number) => [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ];
      const features = [
        {
          type: 'Feature',
          properties: { parcel_id: 'OK' },
          geometry: { type: 'Polygon', coordinates: [square(497000, 4270000, 20)] },
        },
        {
          type: 'Feature',
          properties: { parcel_id: 'BOW' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [497000, 4270000],
                [497020, 4270020],
                [497020, 4270000],
                [497000, 4270020],
                [497000, 4270000],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { parcel_id: 'FAR' },
          geometry: { type: 'Polygon', coordinates: [square(1e9, 4270000, 20)] },
        },
      ];
      const src = write('bad-for-shp.geojson', { ...utmParcels, features });
      const shp = join(dir, 'bad-parcels.shp');
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', shp, src], { stdio: 'pipe' });
      const r = await readParcels(shp);
      expect(r.set.parcels.map((p) => p.id)).toEqual(['OK', 'BOW']);
      expect(r.problems.map((p) => [p.parcelId, p.action, p.message])).toEqual([
        ['BOW', 'repaired', 'split a self-intersecting outline at its crossings'],
        [
          'FAR',
          'rejected',
          "the coordinate (1000000000, 4270000) is outside the CRS's plausible range (|x| and |y| up to 1e8)",
        ],
      ]);
    },
  );

  it.skipIf(data.skip)(`reads real cadastre and building files as GDAL counts them${data.note}`, async () => {
    const paris = await readParcels(
      join(sharedDataDir(), 'vectors/cadastre-paris18-epinay/cadastre-75118-parcelles.json'),
      { idField: 'id' },
    );
    expect(paris.features).toBe(6821);
    expect(paris.set.parcels).toHaveLength(6821);
    const boulder = await readParcels(
      join(sharedDataDir(), 'vectors/buildings-boulder-yearbuilt/boulder_buildings.shp'),
      { idField: 'year_built' },
    );
    expect(boulder.features).toBe(13491);
    expect(boulder.set.crs.name).toBe('GCS_WGS_1984');
    // year_built is no id: every repeat is reported, none dropped silently.
    expect(boulder.set.parcels.length + boulder.problems.filter((p) => p.action === 'rejected').length).toBe(13491);
  });
});
