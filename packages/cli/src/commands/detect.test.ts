import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countChanges, objectScores } from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import { EXIT } from '../index.js';
import { runCaptured } from '../testing/run-cli.js';
import { NEW_BUILDINGS, writeSyntheticPair } from '../testing/synthetic-pair.js';
import { needTools } from '@payesh/testkit';

const dir = mkdtempSync(join(tmpdir(), 'payesh-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCaptured;

async function band(path: string): Promise<Uint8Array> {
  const r = await openGeoTiff(path);
  try {
    const i = r.info();
    return Uint8Array.from((await r.read({ col: 0, row: 0, width: i.width, height: i.height })).bands[0]!);
  } finally {
    await r.close();
  }
}

const pair = join(dir, 'pair');
const far = join(dir, 'far');
beforeAll(async () => {
  mkdirSync(pair);
  mkdirSync(far);
  // After: brighter, its grid offset by 7.3 m, and its content misregistered by (1.2 m, -0.7 m).
  await writeSyntheticPair(pair, {
    size: 512,
    pixelM: 0.5,
    gain: 1.12,
    afterOriginShiftM: [7.3, -4.1],
    misregistrationM: [1.2, -0.7],
  });
  await writeSyntheticPair(far, { size: 64, pixelM: 0.5, afterOriginShiftM: [5000, 0] });
});

const gdalwarp = needTools(['gdalwarp']);

describe('payesh detect', () => {
  it('finds the new buildings of a misregistered, brighter pair and writes the four outputs', async () => {
    const out = join(dir, 'run1');
    const {
      code,
      err,
      out: stdout,
    } = await run(['detect', '--before', join(pair, 'before.tif'), '--after', join(pair, 'after.tif'), '--out', out]);
    expect(err).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/changed region/);
    expect(readdirSync(out).sort()).toEqual(['change-mask.tif', 'change-score.tif', 'changes.geojson', 'run.json']);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    // The after content sits 1.2 m east and 0.7 m north of where its grid says: +2.4 columns, -1.4 rows.
    expect(report.shift_px.dx).toBeCloseTo(2.4, 0);
    expect(report.shift_px.dy).toBeCloseTo(-1.4, 0);
    expect(report.inputs.before.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.radiometric_normalisation.bands[0].gain).toBeCloseTo(1 / 1.12, 1);
    expect(report.radiometric_normalisation.applied).toBe(true);
    const mask = await band(join(out, 'change-mask.tif'));
    const truth = await band(join(pair, 'truth.tif'));
    const counts = countChanges(mask, truth, 512, 512, 0.5);
    expect(counts.trueObjects).toBe(NEW_BUILDINGS);
    expect(counts.trueObjectsFound).toBe(NEW_BUILDINGS);
    expect(objectScores(counts).precision).toBeGreaterThanOrEqual(0.6);
    const geo = JSON.parse(readFileSync(join(out, 'changes.geojson'), 'utf8'));
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.length).toBe(report.results.regions);
    const first = geo.features[0];
    expect(
      geo.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'new').length,
    ).toBeGreaterThanOrEqual(NEW_BUILDINGS);
    expect(first.properties.area_m2).toBeGreaterThanOrEqual(20);
    const [lng, lat] = first.geometry.coordinates[0][0][0];
    expect(lng).toBeGreaterThan(44.9);
    expect(lng).toBeLessThan(45.0);
    expect(lat).toBeGreaterThan(38.5);
    expect(lat).toBeLessThan(38.6);
    const ring = first.geometry.coordinates[0][0] as [number, number][];
    let twiceArea = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      twiceArea += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    expect(twiceArea).toBeGreaterThan(0); // RFC 7946: exterior rings counter-clockwise
  });

  it('calls buildings that disappear "removed" (the pair swapped)', async () => {
    const out = join(dir, 'swapped');
    expect(
      (await run(['detect', '--before', join(pair, 'after.tif'), '--after', join(pair, 'before.tif'), '--out', out]))
        .code,
    ).toBe(EXIT.ok);
    const kinds = JSON.parse(readFileSync(join(out, 'changes.geojson'), 'utf8')).features.map(
      (f: { properties: { kind: string } }) => f.properties.kind,
    );
    expect(kinds.length).toBeGreaterThanOrEqual(NEW_BUILDINGS - 1);
    expect(kinds.every((k: string) => k === 'removed')).toBe(true);
  });

  it('--analysis-gsd scores on overviews and still finds every new building', async () => {
    const out = join(dir, 'coarse');
    expect(
      (
        await run([
          'detect',
          '--before',
          join(pair, 'before.tif'),
          '--after',
          join(pair, 'after.tif'),
          '--out',
          out,
          '--analysis-gsd',
          '1',
        ])
      ).code,
    ).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(report.analysis).toMatchObject({ gsd_m: 1, before_level: 1, after_level: 1 });
    const counts = countChanges(
      await band(join(out, 'change-mask.tif')),
      await band(join(pair, 'truth.tif')),
      512,
      512,
      0.5,
    );
    expect(counts.trueObjectsFound).toBe(NEW_BUILDINGS);
  });

  it.skipIf(gdalwarp.skip)(
    `aligns an after image in another CRS and resolution (reprojected by gdalwarp to EPSG:4326 at ~0.7 m)${gdalwarp.note}`,
    async () => {
      gdalwarp.assert();
      const geographic = join(dir, 'after-4326.tif');
      execFileSync('gdalwarp', [
        '-q',
        '-overwrite',
        '-t_srs',
        'EPSG:4326',
        '-tr',
        '0.000008',
        '0.000006',
        '-r',
        'bilinear',
        join(pair, 'after.tif'),
        geographic,
      ]);
      const out = join(dir, 'cross-crs');
      const { code, err } = await run([
        'detect',
        '--before',
        join(pair, 'before.tif'),
        '--after',
        geographic,
        '--out',
        out,
      ]);
      expect(err).toBe('');
      expect(code).toBe(EXIT.ok);
      const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
      expect(report.inputs.after.epsg).toBe(4326);
      expect(report.grid).toMatchObject({ width: 512, height: 512, epsg: 32638 });
      const counts = countChanges(
        await band(join(out, 'change-mask.tif')),
        await band(join(pair, 'truth.tif')),
        512,
        512,
        0.5,
      );
      expect(counts.trueObjectsFound).toBe(NEW_BUILDINGS);
    },
  );

  it('finds nothing when the after image is the before image', async () => {
    const out = join(dir, 'self');
    const { code } = await run([
      'detect',
      '--before',
      join(pair, 'before.tif'),
      '--after',
      join(pair, 'before.tif'),
      '--out',
      out,
      '--method',
      'cva',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(join(out, 'changes.geojson'), 'utf8')).features).toEqual([]);
    expect((await band(join(out, 'change-mask.tif'))).some((v) => v !== 0)).toBe(false);
  });

  it('gives the same result whatever the tile size (tiled equals whole)', async () => {
    const args = ['detect', '--before', join(pair, 'before.tif'), '--after', join(pair, 'after.tif')];
    expect((await run([...args, '--out', join(dir, 'big'), '--tile-size', '512'])).code).toBe(0);
    expect((await run([...args, '--out', join(dir, 'small'), '--tile-size', '96'])).code).toBe(0);
    const [a, b] = [
      await band(join(dir, 'big', 'change-score.tif')),
      await band(join(dir, 'small', 'change-score.tif')),
    ];
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    const [ma, mb] = [
      await band(join(dir, 'big', 'change-mask.tif')),
      await band(join(dir, 'small', 'change-mask.tif')),
    ];
    expect(ma.filter((v, i) => v !== mb[i]).length).toBeLessThanOrEqual(ma.length * 0.001);
  });

  it.each([
    [
      'a missing before image',
      () => ['--before', join(dir, 'nope.tif'), '--after', join(pair, 'after.tif')],
      /nope\.tif: file not found/,
    ],
    [
      'images that do not overlap',
      () => ['--before', join(pair, 'before.tif'), '--after', join(far, 'after.tif')],
      /far\/after\.tif: the images do not overlap/,
    ],
    [
      'different band counts',
      () => ['--before', join(pair, 'before.tif'), '--after', join(pair, 'truth.tif')],
      /truth\.tif: the images have different bands \(3 before, 1 after\)/,
    ],
    [
      'bands it does not have',
      () => ['--before', join(pair, 'before.tif'), '--after', join(pair, 'after.tif'), '--bands', '1,2,7'],
      /before\.tif: band roles 1,2,7 name bands the image does not have \(it has 3\)/,
    ],
    [
      'an unknown method',
      () => ['--before', join(pair, 'before.tif'), '--after', join(pair, 'after.tif'), '--method', 'magic'],
      /unknown method "magic"; known: construction, cva, learned, neural/,
    ],
  ])('%s: one line, exit 2, no output folder', async (_name, args, message) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const { code, err } = await run(['detect', ...args(), '--out', out]);
    expect(code).toBe(EXIT.input);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([]);
  });
});

describe('payesh train and detect --model', () => {
  it('trains on labelled pairs and detects with the model', async () => {
    const data = join(dir, 'labelled');
    mkdirSync(join(data, 'synthetic', 'a'), { recursive: true });
    mkdirSync(join(data, 'synthetic', 'b'), { recursive: true });
    await writeSyntheticPair(join(data, 'synthetic', 'a'), { size: 256, pixelM: 0.5, gain: 1.05 });
    await writeSyntheticPair(join(data, 'synthetic', 'b'), {
      size: 256,
      pixelM: 0.5,
      gain: 0.95,
      misregistrationM: [0.5, 0.5],
    });
    const model = join(dir, 'model.json');
    const trained = await run(['train', '--data', data, '--out', model, '--trees', '20']);
    expect(trained.err).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.out).toMatch(/trained on 2 pairs/);
    const file = JSON.parse(readFileSync(model, 'utf8'));
    expect(file.format).toBe('payesh-change-model');
    expect(file.model.trees).toHaveLength(20);
    const out = join(dir, 'learned');
    expect(
      (
        await run([
          'detect',
          '--before',
          join(pair, 'before.tif'),
          '--after',
          join(pair, 'after.tif'),
          '--out',
          out,
          '--model',
          model,
        ])
      ).code,
    ).toBe(0);
    const run1 = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run1.method.name).toBe('learned');
    const counts = countChanges(
      await band(join(out, 'change-mask.tif')),
      await band(join(pair, 'truth.tif')),
      512,
      512,
      0.5,
    );
    expect(counts.trueObjectsFound).toBeGreaterThanOrEqual(NEW_BUILDINGS - 1);
  });

  it('a folder without labelled pairs: one line naming it, exit 2, no model written', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const { code, err } = await run(['train', '--data', empty, '--out', join(dir, 'never.json')]);
    expect(code).toBe(EXIT.input);
    expect(err).toBe(`payesh: ${empty}: no labelled pairs (folders with before.tif, after.tif and truth.tif) found\n`);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('a broken model file: one line naming it, exit 2', async () => {
    const model = join(dir, 'broken-model.json');
    writeFileSync(
      model,
      JSON.stringify({
        format: 'payesh-change-model',
        version: 1,
        model: { kind: 'gbdt', features: ['x'], base: 0, trees: [[{ f: 0, t: 1, l: 5, r: 6, v: 0 }]] },
        training: {},
      }),
    );
    const { code, err } = await run([
      'detect',
      '--before',
      join(pair, 'before.tif'),
      '--after',
      join(pair, 'after.tif'),
      '--out',
      join(dir, 'x'),
      '--model',
      model,
    ]);
    expect(code).toBe(EXIT.input);
    expect(err).toBe(
      `payesh: ${model}: not a Payesh model file: tree 0 has a node pointing outside the tree or the features\n`,
    );
  });
});
