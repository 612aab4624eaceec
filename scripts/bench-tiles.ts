/**
 * Tile server speed (issue 5): tiles/s and p50/p95 latency of cold and warm 256 px tiles at several
 * zooms, over the demo city run (before, after, change) and a large COG (40000 px, made by
 * bench:read's generator), against the real express app on a real port; autocannon for throughput;
 * and, for the same tiles, the time GDAL takes to cut each one (gdal_translate -projwin to a 256x256 PNG).
 *
 * "Cold": the first request for a tile after the server started: blocks read and decoded from the
 * file, the tile rendered and encoded. "Warm": the same tiles again, answered from the server's LRU
 * of encoded tiles (64 MB). autocannon cycles through the same (warm) tiles.
 *
 * Run: pnpm bench:tiles [--tiles 120] [--seconds 10]
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { parseRunRecord } from '@payesh/contract';
import { readRunFolder } from '@payesh/io';
import { addUser, createApiToken, importRun, openStore } from '@payesh/store';
import { createApp } from '@payesh/server';
import { seededRandom } from '@payesh/testkit';
import { lngLatToTile } from '@payesh/tiler';
import { benchCityRun } from './lib/bench-city.js';

const { values } = parseArgs({
  options: { tiles: { type: 'string', default: '120' }, seconds: { type: 'string', default: '10' } },
});
const perZoom = Number(values.tiles);
const benchDir = process.env.PAYESH_BENCH_DIR ?? '/tmp/payesh-bench';
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'payesh-bench-tiles-'));
mkdirSync(benchDir, { recursive: true });

// The demo city run, and a "run" whose before image is the large COG.
const { run: cityRun, city: cityDir } = await benchCityRun(benchDir);
const large = join(benchDir, 'large-40000_32638_uint8_rgb_cog.tif');
if (!existsSync(large)) {
  console.error(`bench:tiles: generating ${large} (about 2 minutes)`);
  execFileSync('pnpm', ['exec', 'tsx', 'scripts/make-large-cog.ts', large, '40000'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
const largeRun = join(work, 'large');
mkdirSync(largeRun);
// run.json must be a whole record (import checks it): the city run's, its images replaced by the large COG.
const record = parseRunRecord(JSON.parse(readFileSync(join(cityRun, 'run.json'), 'utf8')));
record.inputs.before.path = record.inputs.after.path = large;
writeFileSync(join(largeRun, 'run.json'), JSON.stringify(record));
writeFileSync(join(largeRun, 'flags.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [] }));

const store = await openStore(join(work, 'bench.db'));
await importRun(store, await readRunFolder(cityRun, 'city'));
await importRun(store, await readRunFolder(largeRun, 'large'));
const admin = await addUser(store, { username: 'bench', password: 'bench password', role: 'admin' });
const { token } = await createApiToken(store, admin.id, 'bench');
const { app, close } = createApp(store, { log: () => undefined });
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const headers = { authorization: `Bearer ${token}` };

const tileToLng = (x: number, z: number): number => (x / 2 ** z) * 360 - 180;
const tileToLat = (y: number, z: number): number =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** Up to `count` tiles inside the raster's bounds at zoom z (a seeded sample when there are more). */
function tilesInside(bounds: number[], z: number, count: number): [number, number][] {
  const [x0, y0] = lngLatToTile(bounds[0]!, bounds[3]!, z);
  const [x1, y1] = lngLatToTile(bounds[2]!, bounds[1]!, z);
  const all: [number, number][] = [];
  for (let x = x0 + 1; x < x1; x++) for (let y = y0 + 1; y < y1; y++) all.push([x, y]);
  const rnd = seededRandom(z);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t;
}

const pct = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const fmt = (v: number): string => v.toFixed(1);

console.log(
  '| data | layer | zoom | tiles | cold p50 | cold p95 | warm p50 | warm p95 | warm tiles/s (autocannon, 8 conn.) | GDAL p50 per tile |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
const cases: [string, string, string, number[]][] = [
  ['demo city 4096 px (0.5 m)', 'city', 'before', [15, 17, 19]],
  ['demo city 4096 px (0.5 m)', 'city', 'change', [17]],
  ['large COG 40000 px (0.3 m)', 'large', 'before', [13, 16, 19]],
];
for (const [label, run, layer, zooms] of cases) {
  const tj = (await (await fetch(`${base}/tiles/${run}/${layer}.json`, { headers })).json()) as { bounds: number[] };
  for (const z of zooms) {
    const tiles = tilesInside(tj.bounds, z, perZoom);
    const urls = tiles.map(([x, y]) => `/tiles/${run}/${layer}/${z}/${x}/${y}.png`);
    const cold: number[] = [];
    for (const u of urls) cold.push(await timed(`${base}${u}`));
    const warm: number[] = [];
    for (const u of urls) warm.push(await timed(`${base}${u}`));
    const cannon = await autocannon({
      url: base,
      connections: 8,
      duration: Number(values.seconds),
      headers,
      requests: urls.map((path) => ({ method: 'GET', path })),
    });
    // GDAL: the same windows, cut from the file by gdal_translate into a 256x256 PNG (a sample of 20).
    const gdal: number[] = [];
    if (layer !== 'change') {
      const file = run === 'large' ? large : join(cityDir, 'before.tif');
      for (const [x, y] of tiles.slice(0, 20)) {
        const t = performance.now();
        execFileSync('gdal_translate', [
          '-q',
          '-projwin_srs',
          'EPSG:4326',
          '-projwin',
          String(tileToLng(x, z)),
          String(tileToLat(y, z)),
          String(tileToLng(x + 1, z)),
          String(tileToLat(y + 1, z)),
          '-outsize',
          '256',
          '256',
          '-r',
          'bilinear',
          '-of',
          'PNG',
          file,
          join(work, 'gdal.png'),
        ]);
        gdal.push(performance.now() - t);
      }
    }
    console.log(
      `| ${label} | ${layer} | ${z} | ${tiles.length} | ${fmt(pct(cold, 50))} ms | ${fmt(pct(cold, 95))} ms | ${fmt(pct(warm, 50))} ms | ${fmt(pct(warm, 95))} ms | ${Math.round(cannon.requests.average)} (p50 ${cannon.latency.p50} ms, p97.5 ${cannon.latency.p97_5} ms, ${cannon.non2xx} non-2xx) | ${gdal.length ? `${fmt(pct(gdal, 50))} ms` : '-'} |`,
    );
  }
}
server.closeAllConnections();
server.close();
await close();
await store.close();
rmSync(work, { recursive: true, force: true });
