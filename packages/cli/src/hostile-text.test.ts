import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './index.js';
import { runCaptured as run } from './testing/run-cli.js';
import { writeCity, type CityFiles } from '@payesh/testkit';
import { compareArgs } from './testing/compare-args.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-hostile-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let city: CityFiles;
beforeAll(async () => {
  city = await writeCity(join(dir, 'city'), { size: 256, pixelM: 0.5, seed: 3 });
});

const args = (parcels: string, permits: string, out: string): string[] => [
  ...compareArgs({ ...city, parcels, permits }, out),
  '--quiet',
];

/** One line ending in a newline, with no control, bidi or NUL character in it. */
function expectOneCleanLine(err: string): void {
  expect(err.endsWith('\n')).toBe(true);
  expect(err.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
}

describe('text from hostile inputs in error lines', () => {
  it('a UTF-16 permits file (as Excel saves "Unicode text") is named for what it is, in one clean line', async () => {
    const permits = join(dir, 'permits-utf16.csv');
    writeFileSync(
      permits,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(city.permits, 'utf8'), 'utf16le')]),
    );
    const out = join(dir, 'utf16-run');
    const r = await run(args(city.parcels, permits, out));
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toBe(`payesh: ${permits}: UTF-16 file: save it as UTF-8\n`);
    expectOneCleanLine(r.err);
    expect(existsSync(out)).toBe(false);
  });

  it('parcels in another code page are "not UTF-8 text"', async () => {
    const parcels = join(dir, 'parcels-cp1256.geojson');
    writeFileSync(
      parcels,
      Buffer.concat([
        Buffer.from('{"type":"FeatureCollection","features":[{"properties":{"address":"'),
        Buffer.from([0xe3, 0xe4]),
        Buffer.from('"}}]}'),
      ]),
    );
    const r = await run(args(parcels, city.permits, join(dir, 'cp-run')));
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toMatch(new RegExp(`^payesh: ${parcels}: not UTF-8 text .*save it as UTF-8\\n$`));
  });

  it('control characters, NULs and bidi overrides in a permit value are escaped, and a long value cut', async () => {
    const permits = join(dir, 'permits-hostile.csv');
    const head = readFileSync(city.permits, 'utf8').split('\n')[0];
    writeFileSync(permits, `${head}\nX-1,"A\u0000B\u001b[2J\u202eC\u0085\u2066D",1403/01/01,,100,2,issued,\n`);
    const r = await run([...args(city.parcels, permits, join(dir, 'strict-run')), '--strict']);
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toBe(
      `payesh: ${permits}: line 2: unknown parcel "A\\u0000B\\u001b[2J\\u202eC\\u0085\\u2066D" (--strict stops at the first bad row)\n`,
    );
    expectOneCleanLine(r.err);

    writeFileSync(permits, `${head}\nX-1,${city.plan.parcels[0]!.id},${'9'.repeat(5000)},,100,2,issued,\n`);
    const long = await run([...args(city.parcels, permits, join(dir, 'strict-run')), '--strict']);
    expect(long.err).toBe(
      `payesh: ${permits}: line 2: issued_on "${'9'.repeat(79)}…" is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11) (--strict stops at the first bad row)\n`,
    );
  });

  it('the error printer escapes what reaches it from anywhere, a file name included', async () => {
    const parcels = join(dir, 'no\u001b[31msuch\u0007.geojson');
    const r = await run(args(parcels, city.permits, join(dir, 'esc-run')));
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toBe(
      `payesh: ${join(dir, 'no\\u001b[31msuch\\u0007.geojson')}: cannot read the parcels: no such file\n`,
    );
    expectOneCleanLine(r.err);
  });
});
