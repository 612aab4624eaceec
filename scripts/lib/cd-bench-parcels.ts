/**
 * Parcels and permits laid over cd-bench's labelled building pairs, with the parcel-level truth the
 * labels give (bench:parcels, bench:rank), and compare run on them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groundSampleDistance, pixelToCrs, type FlagFeature, type Grid } from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import { runCompareJob, type LabelledPair } from '@payesh/pipeline';
import { importModel } from '@payesh/nn';
import { seededRandom } from '@payesh/testkit';
import { parcelGrid } from './parcel-grid.js';

/** The period the generated permits are judged against. */
export const PERIOD = { beforeOn: '2020-01-01', afterOn: '2022-01-01' };

/** TinyCD imported from the published weights of a set (levir, whu) in `weightsDir`, into `work`. */
export async function neuralModel(weightsDir: string, set: string, work: string): Promise<string> {
  const out = join(work, `tinycd-${set}.onnx`);
  await importModel({ arch: 'tinycd', weights: join(weightsDir, `${set}_best.pth`), out, version: 'bench' });
  return out;
}

export async function pairGrid(pair: LabelledPair): Promise<{ grid: Grid; truth: Uint8Array }> {
  const r = await openGeoTiff(join(pair.dir, 'truth.tif'));
  const info = r.info();
  const band = (await r.read({ col: 0, row: 0, width: info.width, height: info.height }, { bands: [0] })).bands[0]!;
  await r.close();
  return {
    grid: { width: info.width, height: info.height, transform: info.transform!, crs: info.crs },
    truth: Uint8Array.from(band, (v) => (v ? 1 : 0)),
  };
}

/** Parcels, permits and truth for one labelled pair, written as files compare reads. */
export async function layParcels(
  pair: LabelledPair,
  seed: number,
  work: string,
): Promise<{ parcels: string; permits: string; violations: Map<string, string | null>; unscored: Set<string> }> {
  const { grid, truth } = await pairGrid(pair);
  const gsd = groundSampleDistance(grid);
  const rects = parcelGrid(grid.width, grid.height, gsd, seed);
  const rnd = seededRandom(seed + 1);
  const violations = new Map<string, string | null>();
  const unscored = new Set<string>();
  const features: unknown[] = [];
  const rows = ['permit_id,parcel_id,issued_on,expires_on,permitted_area_m2,floors,status'];
  rects.forEach((rect, k) => {
    const id = `${pair.id.replace(/\W/g, '_')}-${k + 1}`;
    const [c0, r0, c1, r1] = rect;
    let px = 0;
    for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) px += truth[r * grid.width + c]!;
    const builtM2 = px * gsd * gsd;
    const corner = (c: number, r: number): number[] => pixelToCrs(grid.transform, c, r);
    features.push({
      type: 'Feature',
      properties: { parcel_id: id },
      geometry: {
        type: 'Polygon',
        coordinates: [[corner(c0, r0), corner(c1, r0), corner(c1, r1), corner(c0, r1), corner(c0, r0)]],
      },
    });
    // Permits: none (40%), covering and enough (25%), covering at most half (15%), expired (20%).
    const dice = rnd();
    let violation: string | null = null;
    if (dice < 0.4) violation = 'no-permit';
    else if (dice < 0.65)
      rows.push(
        `${id}-P,${id},2019-06-01,2023-06-01,${Math.round(Math.max(builtM2 * (1 + 0.3 * rnd()), 40))},2,issued`,
      );
    else if (dice < 0.8) {
      const permitted = Math.round(builtM2 * (0.2 + 0.25 * rnd()) * 10) / 10;
      rows.push(`${id}-P,${id},2019-06-01,2023-06-01,${permitted},2,issued`);
      violation = builtM2 > 2 * permitted ? 'exceeds-permit' : null;
    } else {
      rows.push(`${id}-P,${id},2015-06-01,2017-06-01,${Math.round(Math.max(builtM2, 40))},2,expired`);
      violation = 'expired-permit';
    }
    if (builtM2 >= 8 && builtM2 < 30) unscored.add(id);
    violations.set(id, builtM2 >= 30 ? violation : null);
  });
  const crsName = grid.crs?.epsg ? `EPSG:${grid.crs.epsg}` : null;
  const parcels = join(work, `${pair.id.replace(/\W/g, '_')}-parcels.geojson`);
  writeFileSync(
    parcels,
    JSON.stringify({
      type: 'FeatureCollection',
      ...(crsName && crsName !== 'EPSG:4326' ? { crs: { type: 'name', properties: { name: crsName } } } : {}),
      features,
    }),
  );
  const permits = join(work, `${pair.id.replace(/\W/g, '_')}-permits.csv`);
  writeFileSync(permits, `${rows.join('\n')}\n`);
  return { parcels, permits, violations, unscored };
}

export async function compareFlags(
  before: string,
  after: string,
  parcels: string,
  permits: string,
  out: string,
  extra: { model?: string; beforeDate?: string; afterDate?: string } = {},
): Promise<FlagFeature[]> {
  await runCompareJob({
    options: { before, after, minAreaM2: 20, model: extra.model, workers: 2 },
    parcels,
    permits,
    out,
    overwrite: true,
    version: 'bench',
    beforeDate: extra.beforeDate ?? PERIOD.beforeOn,
    afterDate: extra.afterDate ?? PERIOD.afterOn,
  });
  return JSON.parse(readFileSync(join(out, 'flags.geojson'), 'utf8')).features;
}
