import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompareJob } from '@payesh/pipeline';
import { lngLatToTile } from '@payesh/tiler';
import { needNginx, startNginx, writeCity, type CityFiles, type NginxServer } from '@payesh/testkit';
import { signedInClient, startServer, type Running } from './testing.js';

const nginx = needNginx();
const dir = mkdtempSync(join(tmpdir(), 'payesh-server-url-'));
let city: CityFiles;
let imagery: NginxServer;
let byUrl: Running;
let byFile: Running;

beforeAll(async () => {
  if (nginx.skip) return;
  city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
  imagery = await startNginx(join(dir, 'city'));
  const urlRun = join(dir, 'run-url');
  await runCompareJob({
    options: {
      before: `${imagery.url}/${basename(city.before)}`,
      after: `${imagery.url}/${basename(city.after)}`,
      minAreaM2: 20,
      workers: 1,
    },
    parcels: city.parcels,
    permits: city.permits,
    out: urlRun,
    version: 'test',
  });
  // The same run pointing at the files, to compare tiles with.
  const fileRun = join(dir, 'run-file');
  cpSync(urlRun, fileRun, { recursive: true });
  const record = JSON.parse(readFileSync(join(fileRun, 'run.json'), 'utf8'));
  record.inputs.before.path = city.before;
  record.inputs.after.path = city.after;
  writeFileSync(join(fileRun, 'run.json'), JSON.stringify(record));
  byUrl = await startServer(urlRun, join(dir, 'url.db'));
  byFile = await startServer(fileRun, join(dir, 'file.db'), { tileThreads: 0 });
}, 300_000);

afterAll(async () => {
  await byUrl?.close();
  await byFile?.close();
  await imagery?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`tiles of a run whose inputs are URLs${nginx.note}`, { skip: nginx.skip }, () => {
  beforeAll(() => nginx.assert());

  it('renders before and after tiles from the URLs (on the tile threads), the same as from the files', async () => {
    const [url, file] = await Promise.all([signedInClient(byUrl.base, 'sara'), signedInClient(byFile.base, 'sara')]);
    const tj = (await (await url.get('/tiles/khoy/before.json')).json()) as { tiles: string[]; bounds: number[] };
    expect(tj.tiles).toEqual([`${byUrl.base}/tiles/khoy/before/{z}/{x}/{y}.png`]);
    const [w, s, e, n] = tj.bounds as number[];
    const [x, y] = lngLatToTile((w! + e!) / 2, (s! + n!) / 2, 18);
    const served = (await imagery.requests()).length;
    for (const layer of ['before', 'after']) {
      const pixels = async (client: typeof url) => {
        const res = await client.get(`/tiles/khoy/${layer}/18/${x}/${y}.png`);
        expect(res.status).toBe(200);
        return sharp(Buffer.from(await res.arrayBuffer()))
          .raw()
          .toBuffer();
      };
      const [a, b] = await Promise.all([pixels(url), pixels(file)]);
      expect(a.equals(b), layer).toBe(true);
    }
    const log = (await imagery.requests()).slice(served);
    expect(log.some((r) => r.uri.endsWith(basename(city.before)))).toBe(true);
    expect(log.some((r) => r.uri.endsWith(basename(city.after)))).toBe(true);
    expect(log.every((r) => r.status === 206)).toBe(true);
  });
});
