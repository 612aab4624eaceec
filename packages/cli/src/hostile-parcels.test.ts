import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './index.js';
import { runCaptured as run } from './testing/run-cli.js';
import { circleRing, type CityFiles, writeCity, writeManyVertexParcels } from '@payesh/testkit';
import { compareArgs } from './testing/compare-args.js';

const root = new URL('../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'payesh-hostile-parcels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let city: CityFiles;
beforeAll(async () => {
  city = await writeCity(join(dir, 'city'), { size: 256, pixelM: 0.5, seed: 3 });
});

const args = (parcels: string, out: string): string[] => [...compareArgs({ ...city, parcels }, out), '--quiet'];

describe('hostile parcels', () => {
  it('a million-vertex parcel is left out at once and a bow-tie repaired, each with a warning line naming the file and the parcel', async () => {
    const doc = JSON.parse(readFileSync(city.parcels, 'utf8'));
    const [lng, lat] = doc.features[0].geometry.coordinates[0][0] as [number, number];
    const bowTie = [
      [lng, lat],
      [lng + 1e-4, lat + 1e-4],
      [lng + 1e-4, lat],
      [lng, lat + 1e-4],
      [lng, lat],
    ];
    doc.features.push(
      {
        type: 'Feature',
        properties: { parcel_id: 'HUGE-1' },
        geometry: { type: 'Polygon', coordinates: [circleRing(1_000_000, lng, lat, 1e-4)] },
      },
      { type: 'Feature', properties: { parcel_id: 'BOW-1' }, geometry: { type: 'Polygon', coordinates: [bowTie] } },
    );
    const parcels = join(dir, 'parcels-hostile.geojson');
    writeFileSync(parcels, JSON.stringify(doc));
    const out = join(dir, 'run');
    const r = await run(args(parcels, out));
    expect(r.code).toBe(EXIT.ok);
    const n = doc.features.length;
    expect(r.err).toBe(
      `${parcels}: 1 parcel left out (first: feature ${n - 1}, parcel "HUGE-1": geometry has 1000001 vertices, more than the 100000 allowed per parcel); all listed in run.json\n` +
        `${parcels}: 1 parcel repaired (first: feature ${n}, parcel "BOW-1": split a self-intersecting outline at its crossings); all listed in run.json\n`,
    );
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).parcels).toMatchObject({
      features: n,
      used: n - 1,
      repaired: 1,
      rejected: 1,
    });
  }, 60_000);

  it('--max-parcel-vertices sets the cap (a parcel with more corners is left out), and a cap below 1 is one line, exit 2', async () => {
    const doc = JSON.parse(readFileSync(city.parcels, 'utf8'));
    const [lng, lat] = doc.features[0].geometry.coordinates[0][0] as [number, number];
    doc.features.push({
      type: 'Feature',
      properties: { parcel_id: 'ROUND-1' },
      geometry: { type: 'Polygon', coordinates: [circleRing(400, lng, lat, 1e-4)] },
    });
    const parcels = join(dir, 'parcels-round.geojson');
    writeFileSync(parcels, JSON.stringify(doc));
    const capped = await run([...args(parcels, join(dir, 'run-capped')), '--max-parcel-vertices', '100']);
    expect(capped.code).toBe(EXIT.ok);
    expect(capped.err).toContain(`parcel "ROUND-1": geometry has 401 vertices, more than the 100 allowed per parcel`);
    const refused = await run([...args(parcels, join(dir, 'run-refused')), '--max-parcel-vertices', '0']);
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toBe('payesh: --max-parcel-vertices must be a number >= 1, got "0"\n');
    expect(existsSync(join(dir, 'run-refused'))).toBe(false);
  }, 60_000);

  it('SIGTERM stops compare within seconds while it checks parcels, writing nothing', async () => {
    // 80 parcels of 10,000 corners: many seconds of checks (minutes with pairwise checks).
    const content = readFileSync(writeManyVertexParcels(join(dir, 'many.geojson'), 80, 10_000));
    // Through a named pipe: the CLI blocks reading it, so the test knows when it has started (and set its signal handlers).
    const parcels = join(dir, 'many-fifo.geojson');
    execFileSync('mkfifo', [parcels]);
    const out = join(dir, 'terminated');
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args(parcels, out)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const exited = once(child, 'exit');
    try {
      const pipe = createWriteStream(parcels);
      pipe.end(content);
      await once(pipe, 'close'); // the CLI has read the whole file
      await new Promise((r) => setTimeout(r, 3000)); // parsed it, checking parcels
      expect(child.exitCode).toBe(null);
      const signalled = performance.now();
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(performance.now() - signalled).toBeLessThan(3000);
      expect(code).toBe(EXIT.interrupted);
      expect(err).toBe('payesh: interrupted\n');
      expect(existsSync(out)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
