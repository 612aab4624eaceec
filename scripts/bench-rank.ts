/**
 * Learning from inspectors' decisions (issue 17): a simulated review in which an inspector who knows
 * the truth decides the queue's first 50 pending flags at a time, the ranker re-ranking after each
 * round (applied only when its k-fold average precision beats the original order's), against the
 * same review in the original order. Reports each round's batch precision and the precision of the
 * first 100 pending flags, for the unsupervised method (construction) and the neural one (TinyCD with
 * the published LEVIR weights), on:
 *  - city: the demo city (4096 px, seed 1403; --seeds adds others) against the truth it was made with;
 *  - cdbench: the parcel grids of bench:parcels over cd-bench's LEVIR-CD and WHU-CD pairs (pooled per set);
 *  - speed: fitting on 200 decisions and ranking 10,000 pending flags, in core and through the store
 *    (SQLite; PostGIS when PostgreSQL answers), 10,000 flags made from the demo city's.
 *
 * Run: pnpm bench:rank [--parts city,cdbench,speed] [--methods construction,neural] [--seeds 1403]
 *      [--rounds 8] [--data DIR] [--weights DIR] [--keep DIR]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fitRanker, predictRanker, type FlagFeature } from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import { findLabelledPairs, runCompareJob } from '@payesh/pipeline';
import { writeCity } from '@payesh/testkit';
import { compareFlags, layParcels, neuralModel } from './lib/cd-bench-parcels.js';
import { cityQueue } from './lib/rank/city-truth.js';
import { parcelQueue } from './lib/rank/parcel-queue.js';
import { rankStoreSpeed } from './lib/rank/store-speed.js';
import { simulateReview, type ReviewRound, type SimulatedFlag } from './lib/rank/simulate-review.js';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'city,cdbench,speed' },
    methods: { type: 'string', default: 'construction,neural' },
    seeds: { type: 'string', default: '1403' },
    rounds: { type: 'string', default: '8' },
    data: { type: 'string', default: new URL('../../shared/data/cd-bench', import.meta.url).pathname },
    weights: { type: 'string', default: new URL('../../shared/data/models/tinycd', import.meta.url).pathname },
    keep: { type: 'string' },
  },
});
const parts = new Set(values.parts!.split(','));
const methods = values.methods!.split(',');
const rounds = Number(values.rounds);
const BATCH = 50;
const TOP = 100;
const work = values.keep ?? mkdtempSync(join(tmpdir(), 'payesh-bench-rank-'));
mkdirSync(work, { recursive: true });
const f2 = (v: number | null): string => (v === null ? '-' : v.toFixed(2));

/** The two reviews of one queue, one line per round, and the difference at 200 decisions. */
function report(label: string, queue: readonly SimulatedFlag[]): void {
  const truths = queue.reduce((s, f) => s + f.truth, 0);
  console.log(`\n${label}: ${queue.length} queued flags, ${truths} true (${f2(truths / Math.max(1, queue.length))})`);
  if (queue.length === 0) return;
  const original = simulateReview(queue, { batch: BATCH, rounds, top: TOP, rank: false });
  const ranked = simulateReview(queue, { batch: BATCH, rounds, top: TOP, rank: true });
  console.log(
    '| decided | batch P original | batch P ranked | top-100 pending P original | top-100 pending P ranked | same pending, original order | applied | k-fold AP model / original | fit+rank ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  ranked.forEach((r: ReviewRound, i) => {
    const o = original[i]!;
    const ap = r.averagePrecision === null ? '-' : `${f2(r.averagePrecision)} / ${f2(r.baselineAveragePrecision!)}`;
    console.log(
      `| ${r.decided} | ${f2(o.batchPrecision)} | ${f2(r.batchPrecision)} | ${f2(o.topPendingPrecision)} | ${f2(r.topPendingPrecision)} | ${f2(r.topPendingOriginalOrder)} | ${r.applied ? 'yes' : 'no'} | ${ap} | ${r.rankMs.toFixed(0)} |`,
    );
  });
  const at = (list: readonly ReviewRound[]) => list.find((r) => r.decided >= 200);
  const [o200, r200] = [at(original), at(ranked)];
  const confirmedIn200 = (list: readonly ReviewRound[]) =>
    Math.round(list.filter((r) => r.decided <= 200).reduce((s, r) => s + r.batchPrecision * BATCH, 0));
  if (o200?.topPendingPrecision != null && r200?.topPendingPrecision != null) {
    const gain = r200.topPendingPrecision - o200.topPendingPrecision;
    console.log(
      `after ${r200.decided} decisions: top-100 pending precision ${f2(o200.topPendingPrecision)} original -> ${f2(r200.topPendingPrecision)} ranked (${gain >= 0 ? '+' : ''}${f2(gain)}); the ranked review's pending in the original order ${f2(r200.topPendingOriginalOrder)} (ranking adds ${f2(r200.topPendingPrecision - r200.topPendingOriginalOrder!)}); confirmed in the first 200 decided: ${confirmedIn200(original)} original, ${confirmedIn200(ranked)} ranked`,
    );
  }
}

const readFlags = (run: string): FlagFeature[] => JSON.parse(readFileSync(join(run, 'flags.geojson'), 'utf8')).features;
let cityFlags: FlagFeature[] = [];

if (parts.has('city') || parts.has('speed')) {
  for (const seed of values.seeds!.split(',').map(Number)) {
    const city = await writeCity(join(work, `city-${seed}`), { size: 4096, pixelM: 0.5, seed });
    const reader = await openGeoTiff(city.before);
    const crs = reader.info().crs!;
    await reader.close();
    for (const method of parts.has('city') ? methods : ['construction']) {
      const out = join(work, `city-${seed}-${method}`);
      if (!existsSync(join(out, 'flags.geojson'))) {
        const started = performance.now();
        await runCompareJob({
          options: {
            before: city.before,
            after: city.after,
            minAreaM2: 20,
            model: method === 'neural' ? await neuralModel(values.weights!, 'levir', work) : undefined,
          },
          parcels: city.parcels,
          permits: city.permits,
          out,
          overwrite: true,
          version: 'bench',
        });
        console.error(
          `bench:rank: compare ${method} on the demo city (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
      const flags = readFlags(out);
      if (method === 'construction' && cityFlags.length === 0) cityFlags = flags;
      if (parts.has('city')) report(`demo city 4096 px seed ${seed}, ${method}`, cityQueue(flags, city.plan, crs));
    }
  }
}

if (parts.has('cdbench')) {
  const pairs = await findLabelledPairs(values.data!);
  for (const method of methods)
    for (const set of ['levir', 'whu']) {
      const queue: SimulatedFlag[] = [];
      for (const [i, pair] of pairs.filter((p) => p.set === set).entries()) {
        const laid = await layParcels(pair, 1000 + i, work);
        const model = method === 'neural' ? await neuralModel(values.weights!, set, work) : undefined;
        const flags = await compareFlags(
          join(pair.dir, 'before.tif'),
          join(pair.dir, 'after.tif'),
          laid.parcels,
          laid.permits,
          join(work, `cd-${set}-${method}-${i}`),
          { model },
        );
        // Pooled: ranks of each pair's flags are kept apart by the pair's index.
        queue.push(
          ...parcelQueue(flags, laid.violations, laid.unscored).map((f) => ({ ...f, rank: f.rank + i * 100_000 })),
        );
      }
      report(
        `cd-bench ${set} parcel grids (${pairs.filter((p) => p.set === set).length} pairs), ${method}${method === 'neural' ? ` (TinyCD, ${set} weights)` : ''}`,
        queue,
      );
    }
}

if (parts.has('speed')) {
  // 10,000 flags from the demo city's (jittered copies), 200 of them decided by the city's truth.
  const city = cityFlags.filter((f) => f.properties.features !== null && f.properties.category !== 'information');
  const many = Array.from({ length: 10_000 }, (_, i) => {
    const f = city[i % city.length]!;
    const jitter = 1 + ((i * 7919) % 1000) / 100_000;
    return { ...f.properties, confidence: Math.min(1, f.properties.confidence * jitter) };
  });
  const decided = many
    .slice(0, 200)
    .map((p) => ({ confidence: p.confidence, violation: p.violation, district: p.district, features: p.features! }));
  const labels = Uint8Array.from(decided, (_, i) => (many[i]!.violation === 'encroachment' ? 0 : i % 3 ? 1 : 0));
  const pending = many
    .slice(200)
    .map((p) => ({ confidence: p.confidence, violation: p.violation, district: p.district, features: p.features! }));
  const times = { fit: [] as number[], predict: [] as number[] };
  for (let k = 0; k < 5; k++) {
    let t = performance.now();
    const fit = fitRanker(
      decided,
      labels,
      decided.map((d) => d.confidence),
    );
    times.fit.push(performance.now() - t);
    t = performance.now();
    predictRanker(fit.model!, pending);
    times.predict.push(performance.now() - t);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  console.log(
    `\ncore: fit + 5-fold validation on 200 decisions ${median(times.fit).toFixed(0)} ms, probabilities and reasons for 9,800 pending flags ${median(times.predict).toFixed(0)} ms (median of 5)`,
  );
  for (const line of await rankStoreSpeed(work, many)) console.log(line);
}

if (!values.keep) rmSync(work, { recursive: true, force: true });
