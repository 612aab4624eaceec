import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './index.js';
import { runCaptured as run } from './testing/run-cli.js';
import { spawnCli } from './testing/spawn-cli.js';
import { writeCity, type CityFiles } from '@payesh/testkit';
import { compareArgs } from './testing/compare-args.js';

// New-user check: `detect --out runs/demo` replaced a compare run's rasters and run.json and left its
// flags beside them (one folder, two runs); `report --out x.tif --format csv` replaced the .tif.
const dir = mkdtempSync(join(tmpdir(), 'payesh-out-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let city: CityFiles;
const served = join(dir, 'served');
beforeAll(async () => {
  city = await writeCity(join(dir, 'city'), { size: 512, pixelM: 0.5, seed: 7 });
  const r = await run([...compareArgs(city, served), '--quiet', '--workers', '1']);
  expect([r.code, r.err]).toEqual([EXIT.ok, '']);
}, 180_000);

const snapshot = (folder: string) =>
  readdirSync(folder)
    .sort()
    .map((f) => [f, statSync(join(folder, f)).mtimeMs, readFileSync(join(folder, f)).length]);

describe('--out that already holds a run', () => {
  it('detect and compare refuse it in one line, exit 2, before reading any input, leaving the run as it was', async () => {
    const before = snapshot(served);
    const today = new Date().toISOString().slice(0, 10);
    const missing = join(dir, 'missing.tif');
    for (const args of [
      ['detect', '--before', missing, '--after', missing, '--out', served],
      ['compare', '--before', missing, '--after', missing, '--parcels', missing, '--permits', missing, '--out', served],
    ]) {
      const { code, stderr } = await spawnCli(args).exited;
      expect([code, stderr]).toEqual([
        EXIT.input,
        `payesh: --out ${served} already holds a run (compare, ${today}): choose another folder or add --overwrite\n`,
      ]);
    }
    expect(snapshot(served)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('detect --overwrite replaces the run and removes the files of the old one it does not write', async () => {
    const { code, stderr } = await spawnCli([
      'detect',
      '--before',
      city.before,
      '--after',
      city.after,
      '--out',
      served,
      '--overwrite',
      '--quiet',
      '--workers',
      '1',
    ]).exited;
    expect([code, stderr]).toEqual([EXIT.ok, '']);
    expect(readdirSync(served).sort()).toEqual(['change-mask.tif', 'change-score.tif', 'changes.geojson', 'run.json']);
    expect(JSON.parse(readFileSync(join(served, 'run.json'), 'utf8')).command).toBe('detect');
    // The folder is no longer a compare run: import says so instead of mixing two runs.
    const imported = await spawnCli(['import', served, '--db', join(dir, 'x.db')]).exited;
    expect(imported.code).toBe(EXIT.input);
    expect(imported.stderr).toMatch(/flags\.geojson: not in the run folder/);
  }, 120_000);
});

describe('report --out naming a file', () => {
  it('refuses an extension that does not match --format in one line, exit 2, before opening the store, leaving the file', async () => {
    const precious = join(dir, 'precious.tif');
    writeFileSync(precious, 'not a csv');
    const db = join(dir, 'no-such.db');
    for (const [format, out, wanted] of [
      ['csv', precious, '.csv'],
      ['pdf', join(dir, 'r.csv'), '.pdf'],
      ['geojson', join(dir, 'r.pdf'), '.geojson or .json'],
    ] as const) {
      const { code, stderr } = await spawnCli(['report', '--db', db, '--run', 'x', '--format', format, '--out', out])
        .exited;
      expect([code, stderr]).toEqual([
        EXIT.input,
        `payesh: --out ${out}: a ${format} report is written to a file ending in ${wanted} (or to a folder); refusing to write it under another name\n`,
      ]);
    }
    expect(readFileSync(precious, 'utf8')).toBe('not a csv');
    expect(existsSync(db)).toBe(false);
    // A matching name gets past the check: the error is then the missing store.
    const ok = await spawnCli(['report', '--db', db, '--run', 'x', '--format', 'geojson', '--out', join(dir, 'r.JSON')])
      .exited;
    expect(ok.stderr).toBe(`payesh: ${db}: no such store (see payesh import)\n`);
  });
});
