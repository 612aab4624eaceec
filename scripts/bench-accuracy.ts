/**
 * Accuracy benchmark: runs detect on every labelled pair of a cd-bench folder and prints, per set,
 * pixel and object precision/recall/F1 (as ../shared/data/README.md defines them) and seconds per
 * megapixel, for the unsupervised method, the classic baselines (CVA + Otsu; Orfeo ToolBox MAD + Otsu
 * where otbcli_MultivariateAlterationDetector is installed) and the learned model, trained leave-one-out
 * (every pair is scored by a model that never saw it; see docs/benchmarks.md for the folds).
 *
 * Neural rows (methods neural-levir, neural-whu): TinyCD's published weights from
 * ../shared/data/models/tinycd imported by `payesh model import`'s code; levir train_ pairs were in the
 * LEVIR weights' training data, so they are reported apart (set "levir-train") from test_ and val_ pairs ("levir").
 *
 * Run: pnpm bench:accuracy [--data DIR] [--model FILE] [--methods construction,cva,mad,learned,neural-levir,neural-whu]
 *      [--sets levir,whu] [--json FILE] [--native-gsd] [--flips] [--tile-size PX]
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  addCounts,
  countChanges,
  objectScores,
  pixelScores,
  ZERO_COUNTS,
  type ChangeCounts,
  type PixelWindow,
} from '@payesh/core';
import { openGeoTiff, writeModelFile } from '@payesh/io';
import { findLabelledPairs, runDetectJob, trainModel, type LabelledPair, type TrainingUnit } from '@payesh/pipeline';
import { importModel } from '@payesh/nn';
import { madChangeMask, hasOtb } from './lib/otb-mad.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/cd-bench', import.meta.url).pathname },
    model: { type: 'string' },
    methods: { type: 'string', default: 'construction,cva,mad,learned' },
    json: { type: 'string' },
    sets: { type: 'string' },
    trees: { type: 'string' },
    weights: { type: 'string', default: new URL('../../shared/data/models/tinycd', import.meta.url).pathname },
    'native-gsd': { type: 'boolean', default: false },
    flips: { type: 'boolean', default: false },
    'tile-size': { type: 'string' },
  },
});
const methods = values.methods!.split(',');
const sets = values.sets ? new Set(values.sets.split(',')) : null;
const pairs = (await findLabelledPairs(values.data!)).filter((p) => sets === null || sets.has(p.set));
const work = mkdtempSync(join(tmpdir(), 'payesh-acc-'));

/**
 * Which pairs a held-out pair's model trains on: the other pairs of its own set (same sensor), never
 * the pair itself. A set of one pair (whu) trains on the other building set (levir): cross-sensor.
 */
const CROSS_SET: Record<string, string> = { whu: 'levir' };
const trainingPool = (p: LabelledPair): LabelledPair[] => {
  const same = pairs.filter((q) => q !== p && q.set === p.set);
  return same.length > 0 ? same : pairs.filter((q) => q.set === CROSS_SET[p.set]);
};
const gsdOf = (p: LabelledPair): number => Number(p.meta.gsd_m ?? 1);

async function readMask(
  path: string,
  window?: PixelWindow,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  const r = await openGeoTiff(path);
  try {
    const info = r.info();
    const w = window ?? { col: 0, row: 0, width: info.width, height: info.height };
    const band = (await r.read(w, { bands: [0] })).bands[0]!;
    return { data: Uint8Array.from(band, (v) => (v ? 1 : 0)), width: w.width, height: w.height };
  } finally {
    await r.close();
  }
}

interface Tally {
  counts: ChangeCounts;
  seconds: number;
  megapixels: number;
}
const tallies = new Map<string, Tally>();
/** LEVIR pairs the published LEVIR weights were trained on are kept apart from the held-out ones. */
const setLabel = (p: LabelledPair): string => (p.set === 'levir' && p.id.includes('train_') ? 'levir-train' : p.set);
const tally = (set: string, method: string, counts: ChangeCounts, seconds: number, megapixels: number): void => {
  const key = `${set}\t${method}`;
  const t = tallies.get(key) ?? { counts: ZERO_COUNTS, seconds: 0, megapixels: 0 };
  tallies.set(key, {
    counts: addCounts(t.counts, counts),
    seconds: t.seconds + seconds,
    megapixels: t.megapixels + megapixels,
  });
};

async function detectAndScore(
  pair: LabelledPair,
  label: string,
  options: { method?: string; model?: string; nativeGsd?: boolean; flips?: boolean; tileSize?: number },
  windows?: readonly PixelWindow[],
): Promise<void> {
  const out = join(work, `${pair.id.replace(/\W/g, '_')}-${label}`);
  const started = performance.now();
  await runDetectJob({
    options: { before: join(pair.dir, 'before.tif'), after: join(pair.dir, 'after.tif'), minAreaM2: 20, ...options },
    out,
    overwrite: true,
    version: 'bench',
  });
  const seconds = (performance.now() - started) / 1000;
  for (const w of windows ?? [undefined]) {
    const pred = await readMask(join(out, 'change-mask.tif'), w);
    const truth = await readMask(join(pair.dir, 'truth.tif'), w);
    const counts = countChanges(pred.data, truth.data, pred.width, pred.height, gsdOf(pair));
    tally(
      setLabel(pair),
      label,
      counts,
      windows ? seconds / windows.length : seconds,
      (pred.width * pred.height) / 1e6,
    );
  }
  rmSync(out, { recursive: true, force: true });
}

const trees = values.trees ? Number(values.trees) : undefined;
async function trainAndScore(
  pair: LabelledPair,
  units: TrainingUnit[],
  label: string,
  windows?: readonly PixelWindow[],
): Promise<void> {
  const model = await trainModel(units, { params: trees ? { trees } : {} });
  const path = join(
    work,
    `model-${pair.id.replace(/\W/g, '_')}-${windows ? windows.map((w) => `${w.col}_${w.row}`).join('-') : 'all'}.json`,
  );
  await writeModelFile(path, model);
  console.error(`  trained on ${units.length} units, ${model.training.samples} samples in ${model.training.seconds} s`);
  await detectAndScore(pair, label, { model: path }, windows);
}

const neuralModels = new Map<string, string>();
for (const name of methods.filter((m) => m.startsWith('neural-'))) {
  const weights = name.slice('neural-'.length);
  const out = join(work, `tinycd-${weights}.onnx`);
  await importModel({ arch: 'tinycd', weights: join(values.weights!, `${weights}_best.pth`), out, version: 'bench' });
  neuralModels.set(name, out);
}
const neuralOptions = {
  nativeGsd: values['native-gsd'],
  flips: values.flips,
  tileSize: values['tile-size'] ? Number(values['tile-size']) : undefined,
};
const neuralSuffix = `${values['native-gsd'] ? ', native GSD' : ''}${values.flips ? ', flips' : ''}`;

for (const pair of pairs) {
  console.error(`${pair.id}`);
  for (const method of methods) {
    if (method === 'mad') {
      if (!hasOtb()) continue;
      const started = performance.now();
      const mask = await madChangeMask(pair.dir, work);
      const truth = await readMask(join(pair.dir, 'truth.tif'));
      tally(
        setLabel(pair),
        'otb-mad',
        countChanges(mask, truth.data, truth.width, truth.height, gsdOf(pair)),
        (performance.now() - started) / 1000,
        (truth.width * truth.height) / 1e6,
      );
    } else if (method === 'learned') {
      if (values.model) {
        await detectAndScore(pair, 'learned (given model)', { model: values.model });
        continue;
      }
      const others = trainingPool(pair);
      if (others.length === 0) continue;
      await trainAndScore(
        pair,
        others.map((p) => ({ pair: p })),
        'learned (leave-one-out)',
      );
      if (pair.set === 'whu') {
        // One WHU pair: also 4-fold by quadrant, the model seeing the other three quadrants (a city labelling part of itself).
        const info = await openGeoTiff(join(pair.dir, 'before.tif')).then(async (r) => {
          const i = r.info();
          await r.close();
          return i;
        });
        const [hw, hh] = [Math.floor(info.width / 2), Math.floor(info.height / 2)];
        const quads: PixelWindow[] = [
          { col: 0, row: 0, width: hw, height: hh },
          { col: hw, row: 0, width: info.width - hw, height: hh },
          { col: 0, row: hh, width: hw, height: info.height - hh },
          { col: hw, row: hh, width: info.width - hw, height: info.height - hh },
        ];
        for (const q of quads) {
          await trainAndScore(
            pair,
            [...others.map((p) => ({ pair: p })), { pair, windows: quads.filter((x) => x !== q) }],
            'learned (quadrant 4-fold)',
            [q],
          );
        }
      }
    } else if (neuralModels.has(method)) {
      await detectAndScore(pair, `${method}${neuralSuffix}`, { model: neuralModels.get(method)!, ...neuralOptions });
    } else {
      await detectAndScore(pair, method, { method });
    }
  }
}
rmSync(work, { recursive: true, force: true });

const f = (v: number): string => v.toFixed(3);
const rows = [...tallies.entries()].map(([key, t]) => {
  const [set, method] = key.split('\t');
  const p = pixelScores(t.counts);
  const o = objectScores(t.counts);
  return { set: set!, method: method!, pixel: p, object: o, secondsPerMp: t.seconds / t.megapixels, counts: t.counts };
});
console.log('| set | method | pixel P | pixel R | pixel F1 | object P | object R | object F1 | s/MP |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows.sort((a, b) => a.set.localeCompare(b.set))) {
  console.log(
    `| ${r.set} | ${r.method} | ${f(r.pixel.precision)} | ${f(r.pixel.recall)} | ${f(r.pixel.f1)} | ${f(r.object.precision)} | ${f(r.object.recall)} | ${f(r.object.f1)} | ${r.secondsPerMp.toFixed(1)} |`,
  );
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
