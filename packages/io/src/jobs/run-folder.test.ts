import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '@payesh/core';
import { readRunFolder } from './run-folder.js';

const root = new URL('../../../../fixtures/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'payesh-run-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runJson = (name = 'compare_2026-11-29.json') =>
  JSON.parse(readFileSync(new URL(`run-json/${name}`, root), 'utf8'));
const flagsText = readFileSync(new URL('expected/flags-csv_input.geojson', root), 'utf8');

let n = 0;
function folder(run: unknown, flags: string | null = flagsText): string {
  const d = join(dir, `run-${++n}`);
  mkdirSync(d);
  if (run !== null) writeFileSync(join(d, 'run.json'), typeof run === 'string' ? run : JSON.stringify(run, null, 2));
  if (flags !== null) writeFileSync(join(d, 'flags.geojson'), flags);
  return d;
}

async function failure(d: string): Promise<{ message: string; file: string | undefined }> {
  const error = await readRunFolder(d).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return { message: (error as InputError).message, file: (error as InputError).file };
}

describe('readRunFolder', () => {
  it('reads a compare run: the record and the features as written, input paths made absolute from where compare ran', async () => {
    const d = folder(runJson());
    const run = await readRunFolder(d, 'khoy', '/data/work');
    expect(run.id).toBe('khoy');
    expect(run.dir).toBe(d);
    expect(run.runJson.inputs.before.path).toBe('/data/work/city/before.tif');
    expect(run.runJson.inputs.after.path).toBe('/data/work/city/after.tif');
    const expected = runJson();
    expected.inputs.before.path = '/data/work/city/before.tif';
    expected.inputs.after.path = '/data/work/city/after.tif';
    // The same keys in the same order: the store's digest of a run is what it was.
    expect(JSON.stringify(run.runJson)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(run.flags)).toBe(JSON.stringify(JSON.parse(flagsText).features));
  });

  it('brings an older run.json up to date', async () => {
    const run = await readRunFolder(folder(runJson('compare_before-applied-flags_2026-11-28.json')));
    expect(run.runJson.shift_px.applied).toBe(true);
  });

  it('says which file and which field is wrong', async () => {
    const noPath = runJson();
    delete noPath.inputs.after.path;
    expect(await failure(folder(noPath))).toMatchObject({
      message: 'run.json has no inputs.after.path',
      file: expect.stringMatching(/run\.json$/),
    });
    const badFlag = JSON.parse(flagsText);
    badFlag.features[2].properties.confidence = 'high';
    expect(await failure(folder(runJson(), JSON.stringify(badFlag)))).toMatchObject({
      message: 'flags.geojson: features.2.properties.confidence must be a number, got "high"',
      file: expect.stringMatching(/flags\.geojson$/),
    });
    expect(await failure(folder(runJson(), '{"type":"Feature"}'))).toMatchObject({
      message: 'not a GeoJSON FeatureCollection',
    });
    expect(await failure(folder('{"command":'))).toMatchObject({ message: expect.stringMatching(/^not valid JSON/) });
    expect(await failure(folder(runJson(), null))).toMatchObject({
      message: 'not in the run folder (run payesh compare first)',
      file: expect.stringMatching(/flags\.geojson$/),
    });
    expect(await failure(folder(runJson('detect_2026-11-29.json')))).toMatchObject({
      message: 'run.json is from payesh detect; import takes a run of payesh compare',
    });
  });
});
