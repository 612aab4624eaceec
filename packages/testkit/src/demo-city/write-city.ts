import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crsToLngLat, formatSolarHijri } from '@payesh/core';
import { crsFromEpsg, writeCog } from '@payesh/io';
import { planCity, type CityPlan, type Rect } from './plan.js';
import { renderCity } from './render.js';

/** The north-west corner of the scene: in Khoy, UTM zone 38N. */
export const CITY_ORIGIN = { x: 494000, y: 4270000 } as const;
export const CITY_EPSG = 32638;

export interface CityFiles {
  readonly before: string;
  readonly after: string;
  readonly parcels: string;
  readonly permits: string;
  readonly truth: string;
  readonly plan: CityPlan;
}

export interface CityOptions {
  readonly size: number;
  readonly pixelM: number;
  readonly seed: number;
}

/**
 * Writes the demo city into `dir`: before.tif and after.tif (COGs with their DateTime tags),
 * parcels.geojson (RFC 7946, districts and Persian addresses), permits.csv (Solar Hijri dates, some
 * in Persian digits, footprints as WKT in longitude/latitude) and truth.json.
 */
export async function writeCity(dir: string, options: CityOptions): Promise<CityFiles> {
  await mkdir(dir, { recursive: true });
  const crs = crsFromEpsg(CITY_EPSG);
  const plan = planCity(options.size * options.pixelM, options.seed);
  const toLngLat = crsToLngLat(crs);
  const lngLat = (x: number, y: number): [number, number] => toLngLat(CITY_ORIGIN.x + x, CITY_ORIGIN.y - y);
  // Counter-clockwise in longitude/latitude (y south, so walk x0y1 -> x1y1 -> x1y0 -> x0y0).
  const ring = (r: Rect): [number, number][] => [
    lngLat(r.x0, r.y1),
    lngLat(r.x1, r.y1),
    lngLat(r.x1, r.y0),
    lngLat(r.x0, r.y0),
    lngLat(r.x0, r.y1),
  ];
  const files = {
    before: join(dir, 'before.tif'),
    after: join(dir, 'after.tif'),
    parcels: join(dir, 'parcels.geojson'),
    permits: join(dir, 'permits.csv'),
    truth: join(dir, 'truth.json'),
  };

  for (const date of ['before', 'after'] as const) {
    const bands = renderCity(plan, date, options.size, options.pixelM);
    const iso = date === 'before' ? plan.beforeOn : plan.afterOn;
    await writeCog(
      files[date],
      {
        width: options.size,
        height: options.size,
        dtype: 'uint8',
        bands,
        transform: [CITY_ORIGIN.x, options.pixelM, 0, CITY_ORIGIN.y, 0, -options.pixelM],
        crs,
        nodata: [null, null, null],
      },
      { blockSize: 512, dateTime: `${iso.replaceAll('-', ':')} 10:30:00` },
    );
  }
  const features = plan.parcels.map((p) => ({
    type: 'Feature',
    properties: { parcel_id: p.id, district: p.district, address: p.address, land_use: p.use },
    geometry: { type: 'Polygon', coordinates: [ring(p.rect)] },
  }));
  await writeFile(files.parcels, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
  const wkt = (r: Rect): string =>
    `POLYGON((${ring(r)
      .map(([x, y]) => `${x} ${y}`)
      .join(',')}))`;
  const rows = ['permit_id,parcel_id,issued_on,expires_on,permitted_area_m2,floors,status,footprint'];
  plan.permits.forEach((p, i) => {
    const style = i % 3 === 0 ? 'persian' : 'latin';
    rows.push(
      [
        p.permitId,
        p.parcelId,
        formatSolarHijri(p.issuedOn, style),
        p.expiresOn ? formatSolarHijri(p.expiresOn, style) : '',
        p.permittedAreaM2,
        p.floors,
        p.status,
        p.footprint ? `"${wkt(p.footprint)}"` : '',
      ].join(','),
    );
  });
  await writeFile(files.permits, `${rows.join('\n')}\n`);
  await writeFile(
    files.truth,
    `${JSON.stringify({ before_on: plan.beforeOn, after_on: plan.afterOn, size_px: options.size, pixel_m: options.pixelM, seed: options.seed, entries: plan.truth }, null, 1)}\n`,
  );
  return { ...files, plan };
}
