import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';
import { writeSyntheticPair } from '../testing/synthetic-pair.js';
import { type CityFiles, scoreParcels, writeCity } from '@payesh/testkit';
import { compareArgs } from '../testing/compare-args.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let city: CityFiles;
beforeAll(async () => {
  // A 512 m corner of the demo city: about 230 parcels, 90 permits, two dozen planted violations.
  city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
});

const cityArgs = (out: string): string[] => compareArgs(city, out);

describe('payesh compare', () => {
  it('flags the planted violations of the demo city and writes flags.geojson, flags.csv and run.json', async () => {
    const out = join(dir, 'run');
    const { code, err, out: stdout } = await run(cityArgs(out));
    expect(err).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^\d+ flags \(.*no-permit.*\) on \d+ parcels, written to /);
    expect(readdirSync(out).sort()).toEqual([
      'change-mask.tif',
      'change-score.tif',
      'changes.geojson',
      'flags.csv',
      'flags.geojson',
      'run.json',
    ]);

    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(report.command).toBe('compare');
    // Dates from the GeoTIFF DateTime tags the generator wrote.
    expect(report.period).toMatchObject({
      before_on: city.plan.beforeOn,
      after_on: city.plan.afterOn,
      before_from: 'geotiff DateTime',
    });
    expect(report.parcels).toMatchObject({
      features: city.plan.parcels.length,
      used: city.plan.parcels.length,
      rejected: 0,
      crs: 'EPSG:4326',
    });
    expect(report.permits).toMatchObject({
      rows: city.plan.permits.length,
      used: city.plan.permits.length,
      rejected: 0,
    });

    const flags = JSON.parse(readFileSync(join(out, 'flags.geojson'), 'utf8'));
    const props = flags.features.map((f: { properties: Record<string, unknown> }) => f.properties);
    expect(report.flags.total).toBe(props.length);
    // Ranked by confidence.
    expect(props.map((p: { confidence: number }) => p.confidence)).toEqual(
      [...props.map((p: { confidence: number }) => p.confidence)].sort((a: number, b: number) => b - a),
    );

    // Against the truth the generator planted: most violating parcels found, with the right type.
    const violations = new Map<string, string | null>(city.plan.parcels.map((p) => [p.id, null]));
    for (const t of city.plan.truth)
      if (t.parcelId && t.expected && t.expected !== 'demolition') violations.set(t.parcelId, t.expected);
    const scores = scoreParcels(props, { violations, unscored: new Set() });
    expect(scores.recall).toBeGreaterThanOrEqual(0.7);
    expect(scores.precision).toBeGreaterThanOrEqual(0.5);
    expect(scores.typeAccuracy).toBeGreaterThanOrEqual(0.9);
    // Demolitions are information, never violations.
    const demolished = city.plan.truth.filter((t) => t.scenario === 'demolition').map((t) => t.parcelId);
    expect(
      props
        .filter((p: { violation: string }) => p.violation === 'demolition')
        .every((p: { category: string }) => p.category === 'information'),
    ).toBe(true);
    expect(
      props.some(
        (p: { parcel_id: string; violation: string }) =>
          p.violation === 'demolition' && demolished.includes(p.parcel_id),
      ),
    ).toBe(true);

    // The CSV: BOM, header, one row per flag, Persian addresses intact.
    const csv = readFileSync(join(out, 'flags.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFrank,flag_id,parcel_id,violation,')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(props.length + 1);
    expect(csv).toContain('خوی، منطقه');
  });

  it('takes the dates from the command line in either calendar', async () => {
    const out = join(dir, 'dated');
    const { code, err } = await run([
      ...cityArgs(out),
      '--before-date',
      '۱۴۰۲/۰۲/۱۸',
      '--after-date',
      '2024-07-20',
      '--quiet',
    ]);
    expect(err).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).period).toMatchObject({
      before_on: '2023-05-08',
      after_on: '2024-07-20',
      before_from: '--before-date',
    });
  });

  it('reports bad permit rows and goes on; with --strict stops at the first, writing nothing', async () => {
    const permits = join(dir, 'permits-bad.csv');
    const good = readFileSync(city.permits, 'utf8').trimEnd().split('\n');
    writeFileSync(
      permits,
      [...good, 'X-1,NO-SUCH-PARCEL,1403/01/01,,100,2,issued,', 'X-2,KH-001-01,1403/14/01,,100,2,issued,'].join('\n'),
    );
    const out = join(dir, 'lenient');
    const lenient = await run([...cityArgs(out).map((a) => (a === city.permits ? permits : a))]);
    expect(lenient.code).toBe(EXIT.ok);
    expect(lenient.err).toBe(
      `${permits}: 2 rows left out (first: line ${good.length + 1}: unknown parcel "NO-SUCH-PARCEL"); all listed in run.json\n`,
    );
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(report.permits.rejected_rows.map((r: { line: number }) => r.line)).toEqual([
      good.length + 1,
      good.length + 2,
    ]);

    const strictOut = join(dir, 'strict');
    const strict = await run([...cityArgs(strictOut).map((a) => (a === city.permits ? permits : a)), '--strict']);
    expect(strict.code).toBe(EXIT.input);
    expect(strict.err).toBe(
      `payesh: ${permits}: line ${good.length + 1}: unknown parcel "NO-SUCH-PARCEL" (--strict stops at the first bad row)\n`,
    );
    expect(existsSync(strictOut)).toBe(false);
  });

  it('says in one line what is wrong with the inputs, and writes nothing', async () => {
    const pair = join(dir, 'pair');
    mkdirSync(pair);
    await writeSyntheticPair(pair, { size: 64, pixelM: 0.5 }); // no DateTime tags
    const noDates = join(dir, 'no-dates');
    const r1 = await run([
      'compare',
      '--before',
      join(pair, 'before.tif'),
      '--after',
      join(pair, 'after.tif'),
      '--parcels',
      city.parcels,
      '--permits',
      city.permits,
      '--out',
      noDates,
    ]);
    expect(r1.code).toBe(EXIT.input);
    expect(r1.err).toBe(
      `payesh: ${join(pair, 'before.tif')}: the image has no DateTime tag; give its date with --before-date\n`,
    );
    const r2 = await run([...cityArgs(join(dir, 'x2')), '--before-date', 'last spring']);
    expect(r2.err).toBe(
      'payesh: --before-date "last spring" is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11)\n',
    );
    const r3 = await run([...cityArgs(join(dir, 'x3')), '--before-date', '2025-01-01']);
    expect(r3.err).toBe('payesh: the before image (2025-01-01) must be older than the after image (2024-07-20)\n');
    const broken = join(dir, 'broken.geojson');
    writeFileSync(broken, '{"type":"FeatureCollection","features":[');
    const r4 = await run([...cityArgs(join(dir, 'x4')).map((a) => (a === city.parcels ? broken : a))]);
    expect(r4.err).toMatch(new RegExp(`^payesh: ${broken}: the parcels are not valid JSON \\(.*\\)\\n$`));
    for (const [r, name] of [
      [r1, noDates],
      [r2, 'x2'],
      [r3, 'x3'],
      [r4, 'x4'],
    ] as const) {
      expect(r.code).toBe(EXIT.input);
      expect(existsSync(join(dir, name))).toBe(false);
    }
  });
});
