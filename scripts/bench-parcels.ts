/**
 * Parcel-level accuracy and speed of `payesh compare` (issue 4).
 *
 * 1. cd-bench building pairs (levir, whu): a jittered grid of parcels over each pair and generated
 *    permits; truth: a parcel violates when its labelled new built area is >= 30 m2 and no permit
 *    covers the period, or that area exceeds its permitted area twice over; 8-30 m2 is not scored.
 *    Permits are generated on either side of the rules (permitted area >= the labelled area, or at
 *    most half of it) so that the truth and the default rules agree where the truth is decided.
 *    Methods: construction (unsupervised); learned (levir, leave-one-out) with --learned; with --neural
 *    TinyCD with the published weights of ../shared/data/models/tinycd (LEVIR weights on levir and the
 *    demo city, WHU weights on whu; imported by payesh model import's code).
 * 2. The demo city (scripts/make-demo-city.ts, 4096 px) against the truth the generator planted,
 *    end to end (generate + compare) timed.
 * 3. Speed of the assessment alone: 100,000 parcels on a 25 km2 scene with 5,000 change regions.
 *
 * Run: pnpm bench:parcels [--parts cdbench,city,speed] [--data DIR] [--learned] [--neural] [--size 4096]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  assessParcels,
  DEFAULT_RULES,
  pixelToCrs,
  placeParcels,
  placePermits,
  type ChangeRegion,
  type Grid,
  type Parcel,
  type Permit,
} from '@payesh/core';
import { readParcels, writeModelFile } from '@payesh/io';
import { findLabelledPairs, runCompareJob, trainModel } from '@payesh/pipeline';
import { compareFlags, layParcels, neuralModel } from './lib/cd-bench-parcels.js';
import { type FlagRow, type ParcelScores, scoreParcels, seededRandom, writeCity } from '@payesh/testkit';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'cdbench,city,speed' },
    data: { type: 'string', default: new URL('../../shared/data/cd-bench', import.meta.url).pathname },
    learned: { type: 'boolean', default: false },
    neural: { type: 'boolean', default: false },
    weights: { type: 'string', default: new URL('../../shared/data/models/tinycd', import.meta.url).pathname },
    size: { type: 'string', default: '4096' },
  },
});
const parts = new Set(values.parts!.split(','));
const work = mkdtempSync(join(tmpdir(), 'payesh-bench-parcels-'));
const fmt = (s: ParcelScores): string =>
  `P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} type ${s.typeAccuracy.toFixed(3)} (TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives})`;

if (parts.has('cdbench')) {
  const pairs = (await findLabelledPairs(values.data!)).filter((p) => p.set === 'levir' || p.set === 'whu');
  const methods = ['construction', ...(values.learned ? ['learned'] : []), ...(values.neural ? ['neural'] : [])];
  for (const method of methods) {
    for (const set of ['levir', 'whu']) {
      if (method === 'learned' && set !== 'levir') continue;
      const all: { flags: FlagRow[]; violations: Map<string, string | null>; unscored: Set<string> }[] = [];
      for (const [i, pair] of pairs.filter((p) => p.set === set).entries()) {
        const laid = await layParcels(pair, 1000 + i, work);
        let model: string | undefined;
        if (method === 'neural') model = await neuralModel(values.weights!, set, work);
        if (method === 'learned') {
          const trained = await trainModel(
            pairs.filter((q) => q.set === set && q !== pair).map((q) => ({ pair: q })),
            {},
          );
          model = join(work, 'model.json');
          await writeModelFile(model, trained);
        }
        const flags = (
          await compareFlags(
            join(pair.dir, 'before.tif'),
            join(pair.dir, 'after.tif'),
            laid.parcels,
            laid.permits,
            join(work, `out-${i}`),
            { model },
          )
        ).map((f) => f.properties);
        all.push({ flags, violations: laid.violations, unscored: laid.unscored });
      }
      // Pool the pairs: parcel ids are unique across pairs.
      const scores = scoreParcels(
        all.flatMap((a) => a.flags),
        {
          violations: new Map(all.flatMap((a) => [...a.violations])),
          unscored: new Set(all.flatMap((a) => [...a.unscored])),
        },
      );
      const parcelsScored = all.reduce((s, a) => s + a.violations.size - a.unscored.size, 0);
      const how = method === 'learned' ? ' (leave-one-out)' : method === 'neural' ? ` (TinyCD, ${set} weights)` : '';
      console.log(
        `cd-bench ${set} (${all.length} pairs, ${parcelsScored} parcels scored) ${method}${how}: ${fmt(scores)}`,
      );
    }
  }
}

if (parts.has('city')) {
  const dir = join(work, 'city');
  const size = Number(values.size);
  const started = performance.now();
  const city = await writeCity(join(dir, 'input'), { size, pixelM: 0.5, seed: 1403 });
  const generated = performance.now();
  const violations = new Map<string, string | null>(city.plan.parcels.map((p) => [p.id, null]));
  for (const t of city.plan.truth)
    if (t.parcelId && t.expected && t.expected !== 'demolition') violations.set(t.parcelId, t.expected);
  const models: [string, string | undefined][] = [
    ['construction', undefined],
    ...(values.neural
      ? [['neural (TinyCD, levir weights)', await neuralModel(values.weights!, 'levir', work)] as [string, string]]
      : []),
  ];
  for (const [label, model] of models) {
    const begun = performance.now();
    const out = join(dir, `run-${label.split(' ')[0]}`);
    await runCompareJob({
      options: { before: city.before, after: city.after, minAreaM2: 20, model },
      parcels: city.parcels,
      permits: city.permits,
      out,
      overwrite: true,
      version: 'bench',
    });
    const done = performance.now();
    const flags = JSON.parse(readFileSync(join(out, 'flags.geojson'), 'utf8')).features.map(
      (f: { properties: FlagRow }) => f.properties,
    );
    console.log(
      `demo city ${size}x${size} ${label} (${city.plan.parcels.length} parcels, ${[...violations.values()].filter(Boolean).length} violating): ${fmt(scoreParcels(flags, { violations, unscored: new Set() }))}; generate ${((generated - started) / 1000).toFixed(1)} s + compare ${((done - begun) / 1000).toFixed(1)} s`,
    );
  }
}

if (parts.has('speed')) {
  // 25 km2: a 5 km square in UTM 38N at 0.5 m (10000 px), 316 x 316 parcels of ~15.8 m, 5000 new buildings.
  const grid: Grid = {
    width: 10000,
    height: 10000,
    transform: [490000, 0.5, 0, 4275000, 0, -0.5],
    crs: { epsg: 32638, proj4: '+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs', name: 'WGS 84 / UTM zone 38N' },
  };
  const side = 316;
  const cell = 10000 / side;
  const parcels: Parcel[] = [];
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++) {
      const [x0, y0] = pixelToCrs(grid.transform, i * cell, j * cell);
      const [x1, y1] = pixelToCrs(grid.transform, (i + 1) * cell, (j + 1) * cell);
      parcels.push({
        id: `P${j}-${i}`,
        district: null,
        address: null,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ],
          ],
        },
      });
    }
  const rnd = seededRandom(5);
  const regions: ChangeRegion[] = Array.from({ length: 5000 }, (_, k) => {
    const c = Math.floor(rnd() * 9950);
    const r = Math.floor(rnd() * 9950);
    const w = 16 + Math.floor(rnd() * 30);
    const h = 16 + Math.floor(rnd() * 30);
    return {
      id: k + 1,
      areaM2: w * h * 0.25,
      score: 0.5 + rnd() / 2,
      evidence: { scoreMax: 1, aboveThresholdShare: 1, greenChange: 0, brightChange: 0 },
      kind: 'new',
      bbox: [c, r, c + w, r + h],
      polygons: [
        [
          [
            [c, r],
            [c + w, r],
            [c + w, r + h],
            [c, r + h],
            [c, r],
          ],
        ],
      ],
    };
  });
  const permits: Permit[] = parcels
    .filter((_, k) => k % 3 === 0)
    .map((p) => ({
      permitId: `${p.id}-P`,
      parcelId: p.id,
      issuedOn: '2023-01-01',
      expiresOn: '2026-01-01',
      permittedAreaM2: 100,
      floors: 2,
      status: 'issued',
      footprint: null,
    }));
  // The same parcels through the reader, as a GeoJSON file in UTM 38N.
  const file = join(work, 'parcels-100k.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:32638' } },
      features: parcels.map((p) => ({ type: 'Feature', properties: { parcel_id: p.id }, geometry: p.geometry })),
    }),
  );
  const tr = performance.now();
  const read = await readParcels(file);
  console.log(
    `speed: read ${read.set.parcels.length} parcels (GeoJSON, ${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - tr) / 1000).toFixed(2)} s`,
  );
  const t0 = performance.now();
  const placed = placeParcels({ crs: grid.crs!, parcels }, grid);
  const t1 = performance.now();
  const flags = assessParcels({
    parcels: placed,
    permits: placePermits(permits, grid.crs!, grid, DEFAULT_RULES.footprintBufferM),
    regions,
    period: { beforeOn: '2024-01-01', afterOn: '2025-01-01' },
    pixelAreaM2: 0.25,
    rules: DEFAULT_RULES,
  });
  const t2 = performance.now();
  console.log(
    `speed: ${parcels.length} parcels x ${regions.length} change regions on 25 km2: place ${((t1 - t0) / 1000).toFixed(2)} s, assess ${((t2 - t1) / 1000).toFixed(2)} s, ${flags.length} flags`,
  );
}
rmSync(work, { recursive: true, force: true });
