import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateSamples, type Raster, type RasterReader } from '@payesh/core';
import {
  needNginx,
  needSharedData,
  seededRandom,
  sharedDataDir,
  startFlakyProxy,
  startNginx,
  type NginxServer,
} from '@payesh/testkit';
import { crsFromEpsg, openGeoTiff, writeCog } from '../index.js';
import { newByteStats } from './byte-source.js';

const nginx = needNginx();
const data = needSharedData();
const corpus = join(sharedDataDir(), 'geotiff-corpus');
const dir = mkdtempSync(join(tmpdir(), 'payesh-http-'));
/** Fast retries: the tests wait for nothing longer than they must. */
const http = { retries: 3, backoffMs: 20 };

let server: NginxServer;
let corpusServer: NginxServer | null = null;

/** A 2048 x 2048 RGB COG of noise in 256 px tiles: ~12 MB that deflate cannot shrink. */
function noiseRaster(): Raster {
  const random = seededRandom(7);
  const n = 2048 * 2048;
  const bands = [0, 1, 2].map(() => {
    const a = allocateSamples('uint8', n);
    for (let i = 0; i < n; i++) a[i] = Math.floor(random() * 256);
    return a;
  });
  return {
    width: 2048,
    height: 2048,
    dtype: 'uint8',
    bands,
    transform: [500000, 0.5, 0, 4000000, 0, -0.5],
    crs: crsFromEpsg(32638),
    nodata: [null, null, null],
  };
}

beforeAll(async () => {
  if (nginx.skip) return;
  await writeCog(join(dir, 'noise.tif'), noiseRaster(), { blockSize: 256 });
  server = await startNginx(dir);
  if (!data.skip) corpusServer = await startNginx(corpus);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await corpusServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The bands as bytes (typed-array deep equality is slow in vitest, and bytes compare NaN too). */
const bytesOf = (r: Raster): string[] =>
  r.bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'));

async function readBoth(
  a: RasterReader,
  b: RasterReader,
  window: { col: number; row: number; width: number; height: number },
  level = 0,
) {
  const [ra, rb] = await Promise.all([a.read(window, { level }), b.read(window, { level })]);
  return [ra, rb] as const;
}

describe(`rasters by URL from nginx${nginx.note}`, { skip: nginx.skip }, () => {
  beforeAll(() => nginx.assert());

  it('reads the same pixels by URL as from the file, at every level, with the same description', async () => {
    const byFile = await openGeoTiff(join(dir, 'noise.tif'));
    const byUrl = await openGeoTiff(`${server.url}/noise.tif`, { http });
    try {
      expect(byUrl.info()).toEqual(byFile.info());
      expect(byUrl.path).toBe(`${server.url}/noise.tif`);
      for (let level = 0; level <= byFile.info().overviews.length; level++) {
        const w =
          level === 0 ? { col: 300, row: 700, width: 600, height: 333 } : { col: 0, row: 0, width: 64, height: 64 };
        const [a, b] = await readBoth(byFile, byUrl, w, level);
        expect(bytesOf(b)).toEqual(bytesOf(a));
        expect(b.transform).toEqual(a.transform);
      }
    } finally {
      await byFile.close();
      await byUrl.close();
    }
  });

  it('fetches only the blocks a small window needs: a small fraction of the file, adjacent tiles in one request', async () => {
    const size = readFileSync(join(dir, 'noise.tif')).byteLength;
    const before = (await server.requests()).length;
    const stats = newByteStats();
    const reader = await openGeoTiff(`${server.url}/noise.tif`, { http, stats });
    const opened = { ...stats };
    // 2 x 2 tiles of 256 px in the middle of the image.
    await reader.read({ col: 900, row: 900, width: 200, height: 200 });
    await reader.close();
    const log = (await server.requests()).slice(before);
    expect(log).toHaveLength(stats.requests);
    expect(log.every((r) => r.status === 206 && r.range !== null)).toBe(true);
    expect(log.reduce((s, r) => s + r.bytesSent, 0)).toBe(stats.bytes);
    // Four tiles of ~196 KB of noise, read as two runs of adjacent tiles (one per tile row), plus the header.
    expect(stats.bytes - opened.bytes).toBeGreaterThan(4 * 196_000);
    expect(stats.bytes).toBeLessThan(size / 8);
    expect(stats.requests - opened.requests).toBe(2);
    expect(stats.retries).toBe(0);
  });

  it('does not fetch a block twice: a second read of the same window sends no request', async () => {
    const stats = newByteStats();
    const reader = await openGeoTiff(`${server.url}/noise.tif`, { http, stats });
    const window = { col: 10, row: 1500, width: 300, height: 40 };
    const first = await reader.read(window, { level: 0 });
    const sent = stats.requests;
    const again = await reader.read(window, { level: 0 });
    await reader.close();
    expect(stats.requests).toBe(sent);
    expect(bytesOf(again)).toEqual(bytesOf(first));
  });

  it('retries after 503s (honouring Retry-After) and then reads what nginx serves', async () => {
    const proxy = await startFlakyProxy(server.url, 2, { retryAfter: '1' });
    try {
      const stats = newByteStats();
      const started = performance.now();
      const reader = await openGeoTiff(`${proxy.url}/noise.tif`, { http, stats });
      const elapsed = performance.now() - started;
      const byFile = await openGeoTiff(join(dir, 'noise.tif'));
      const [a, b] = await readBoth(byFile, reader, { col: 1000, row: 10, width: 50, height: 50 });
      await reader.close();
      await byFile.close();
      expect(bytesOf(b)).toEqual(bytesOf(a));
      expect(stats.retries).toBe(2);
      expect(proxy.received()).toBe(stats.requests);
      // Two waits of Retry-After: 1 s, not the 20 ms back-off.
      expect(elapsed).toBeGreaterThan(1900);
    } finally {
      await proxy.close();
    }
  });

  it('gives up after its retries with the status and the number of attempts', async () => {
    const proxy = await startFlakyProxy(server.url, 100);
    try {
      await expect(openGeoTiff(`${proxy.url}/noise.tif`, { http })).rejects.toThrow(
        /the server failed \(HTTP 503\), 4 attempts/,
      );
      expect(proxy.received()).toBe(4);
    } finally {
      await proxy.close();
    }
    const busy = await startFlakyProxy(server.url, 100, { status: 429 });
    try {
      await expect(openGeoTiff(`${busy.url}/noise.tif`, { http })).rejects.toThrow(
        /the server is busy \(HTTP 429, too many requests\), 4 attempts/,
      );
    } finally {
      await busy.close();
    }
    // Another 4xx is final: one request.
    const gone = await startFlakyProxy(server.url, 100, { status: 403 });
    try {
      await expect(openGeoTiff(`${gone.url}/noise.tif`, { http })).rejects.toThrow(/^access denied \(HTTP 403\)$/);
      expect(gone.received()).toBe(1);
    } finally {
      await gone.close();
    }
  });

  it('gives each request a timeout, and retries one that ran out', async () => {
    const slow = await startFlakyProxy(server.url, 0, { delayMs: 400 });
    try {
      await expect(
        openGeoTiff(`${slow.url}/noise.tif`, { http: { ...http, retries: 1, timeoutMs: 100 } }),
      ).rejects.toThrow(/^cannot fetch \(no answer within 0.1 s\), 2 attempts$/);
      const reader = await openGeoTiff(`${slow.url}/noise.tif`, { http: { ...http, timeoutMs: 5000 } });
      await reader.close();
    } finally {
      await slow.close();
    }
  });

  it('refuses a server that ignores Range, after one request, instead of downloading the whole file', async () => {
    const before = (await server.requests()).length;
    const error = await openGeoTiff(`${server.noRangesUrl}/noise.tif`, { http }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      file: `${server.noRangesUrl}/noise.tif`,
      message: expect.stringMatching(/does not support range requests/),
    });
    expect((await server.requests()).slice(before)).toHaveLength(1);
  });

  it('names a URL that is not found, not a TIFF, or refuses connection, without retrying a 404', async () => {
    const before = (await server.requests()).length;
    await expect(openGeoTiff(`${server.url}/missing.tif`, { http })).rejects.toMatchObject({
      code: 'not-found',
      file: `${server.url}/missing.tif`,
      message: 'not found (HTTP 404)',
    });
    expect((await server.requests()).slice(before)).toHaveLength(1);
    writeFileSync(join(dir, 'notes.txt'), 'not a raster at all');
    await expect(openGeoTiff(`${server.url}/notes.txt`, { http })).rejects.toMatchObject({
      code: 'data',
      file: `${server.url}/notes.txt`,
      message: expect.stringMatching(/not a TIFF/),
    });
    // A port nothing listens on: the one of a proxy just closed.
    const gone = await startFlakyProxy(server.url, 0);
    await gone.close();
    await expect(openGeoTiff(`${gone.url}/noise.tif`, { http })).rejects.toMatchObject({
      file: `${gone.url}/noise.tif`,
      message: expect.stringMatching(/^cannot fetch \(connection refused\), 4 attempts$/),
    });
  });

  it('never shows credentials: user:pass@ and a signed query string are left out of names and messages', async () => {
    const url = `http://reader:s3cr3t@127.0.0.1:${server.port}/noise.tif?X-Amz-Signature=s3cr3t`;
    const reader = await openGeoTiff(url, { http });
    expect(reader.path).toBe(`http://127.0.0.1:${server.port}/noise.tif?…`);
    await reader.close();
    const error = (await openGeoTiff(url.replace('noise', 'missing'), { http }).catch((e: unknown) => e)) as Error & {
      file: string;
    };
    expect(`${error.file} ${error.message}`).not.toMatch(/s3cr3t|reader/);
    expect(error.file).toBe(`http://127.0.0.1:${server.port}/missing.tif?…`);
  });

  it('refuses to mix two versions: an object replaced after open fails the next read', async () => {
    copyFileSync(join(dir, 'noise.tif'), join(dir, 'replaced.tif'));
    const reader = await openGeoTiff(`${server.url}/replaced.tif`, { http });
    await reader.read({ col: 0, row: 0, width: 10, height: 10 });
    const other = readFileSync(join(dir, 'noise.tif'));
    writeFileSync(join(dir, 'replaced.tif'), Buffer.concat([other, Buffer.alloc(10)]));
    await expect(reader.read({ col: 1800, row: 1800, width: 10, height: 10 })).rejects.toThrow(
      /the object changed while it was being read/,
    );
    await reader.close();
  });

  it('stops waiting when the caller aborts', async () => {
    const reader = await openGeoTiff(`${server.url}/noise.tif`, { http });
    const controller = new AbortController();
    const read = reader.read({ col: 0, row: 1024, width: 2048, height: 1024 }, { signal: controller.signal });
    controller.abort();
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    await reader.close();
    await expect(openGeoTiff(`${server.url}/noise.tif`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe(`the GeoTIFF corpus by URL${nginx.note}${data.note}`, { skip: nginx.skip || data.skip }, () => {
  const files = data.skip
    ? []
    : readFileSync(join(corpus, 'expected-gdal.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line.replace(/\bNaN\b/g, 'null')) as { file: string }).file);

  it('opens every corpus file by URL as by file: the same description and pixels, or the same error', async () => {
    nginx.assert();
    let compared = 0;
    for (const file of files) {
      const byFile = await openGeoTiff(join(corpus, file)).catch((e: Error) => e);
      const byUrl = await openGeoTiff(`${corpusServer!.url}/${file}`).catch((e: Error) => e);
      if (byFile instanceof Error) {
        expect(byUrl, file).toBeInstanceOf(Error);
        expect((byUrl as Error).message, file).toBe(byFile.message);
        continue;
      }
      expect(byUrl, file).not.toBeInstanceOf(Error);
      const url = byUrl as RasterReader;
      const info = byFile.info();
      // External .ovr and .msk sidecars are looked for beside files only.
      if (info.mask !== 'external' && !existsSidecar(file)) expect(url.info(), file).toEqual(info);
      for (let level = 0; level <= url.info().overviews.length; level++) {
        const dims = level === 0 ? info : info.overviews[level - 1]!;
        const window = { col: 0, row: 0, width: Math.min(dims.width, 300), height: Math.min(dims.height, 300) };
        const a = await byFile.read(window, { level }).catch((e: Error) => e);
        const b = await url.read(window, { level }).catch((e: Error) => e);
        if (a instanceof Error) expect((b as Error).message, file).toBe(a.message);
        else expect(bytesOf(b as Raster), `${file} level ${level}`).toEqual(bytesOf(a));
      }
      compared++;
      await byFile.close();
      await url.close();
    }
    expect(compared).toBeGreaterThan(30);
  }, 120_000);
});

function existsSidecar(file: string): boolean {
  try {
    readFileSync(join(corpus, `${file}.ovr`));
    return true;
  } catch {
    return false;
  }
}
