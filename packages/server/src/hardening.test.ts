import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needTools } from '@payesh/testkit';
import { cityRun, signedInClient, startServer, type Client, type Running } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-hardening-'));
let plain: Running;
let secure: Running;
let sara: Client;
beforeAll(async () => {
  const runDir = await cityRun(dir);
  plain = await startServer(runDir, join(dir, 'plain.db'), { tileThreads: 0 });
  secure = await startServer(runDir, join(dir, 'secure.db'), {
    tileThreads: 0,
    secureCookies: true,
    publicUrl: 'https://maps.example.org/payesh',
  });
  sara = await signedInClient(plain.base, 'sara');
}, 300_000);
afterAll(async () => {
  await plain?.close();
  await secure?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A GET with the path and Host sent exactly as written. */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/`, { headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.path = path;
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS-only headers', () => {
  it('sends neither HSTS nor upgrade-insecure-requests over plain HTTP, both with --secure-cookies', async () => {
    const http = await fetch(`${plain.base}/api/health`);
    expect(http.headers.get('strict-transport-security')).toBeNull();
    expect(http.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(http.headers.get('content-security-policy')).toContain("default-src 'self'");
    const https = await fetch(`${secure.base}/api/health`);
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(https.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

describe('numbers in URLs', () => {
  const BAD = ['0x11', '1e3', '%2080000', '80000%20', '+1', '-1', '1.0', '0b1', 'Infinity', '١٢'];
  const routes: [string, (v: string) => string][] = [
    ['flag id', (v) => `/api/runs/khoy/flags/${v}`],
    ['flag id (chip)', (v) => `/api/runs/khoy/flags/${v}/chip/before.png`],
    ['z', (v) => `/tiles/khoy/before/${v}/0/0.png`],
    ['x', (v) => `/tiles/khoy/before/1/${v}/0.png`],
    ['y', (v) => `/tiles/khoy/before/1/0/${v}.png`],
    ['page', (v) => `/api/runs/khoy/flags?page=${v}`],
    ['pageSize', (v) => `/api/runs/khoy/flags?pageSize=${v}`],
    ['after', (v) => `/api/runs/khoy/flags?after=${v}`],
    ['scale', (v) => `/tiles/khoy/before.json?scale=${v}`],
    ['bands', (v) => `/tiles/khoy/before/1/0/0.png?bands=${v}`],
  ];
  it.each(routes)('accepts only decimal digits for %s', async (_name, url) => {
    for (const bad of BAD) {
      const res = await rawGet(plain.base, url(bad), { cookie: sara.cookie });
      expect([bad, res.status], res.body).toEqual([bad, 400]);
      expect(JSON.parse(res.body).error).toMatch(/must be|expected|tile name|flag id|decimal/);
    }
  });
  it('accepts only decimal numbers for fractions and coordinates (min, bbox, stretch)', async () => {
    for (const [url, bad] of [
      ['/api/runs/khoy/flags?min=', '0x0'],
      ['/api/runs/khoy/flags?min=', '5e-1'],
      ['/api/runs/khoy/flags.geojson?bbox=', '0x2C,1,2,3'],
      ['/api/runs/khoy/flags.geojson?bbox=', '1e1,1,2,3'],
      ['/tiles/khoy/before/1/0/0.png?stretch=', '0x2,98'],
      ['/tiles/khoy/before/1/0/0.png?stretch=', '%202,98'],
    ] as const) {
      const res = await rawGet(plain.base, url + bad, { cookie: sara.cookie });
      expect([bad, res.status], res.body).toEqual([bad, 400]);
    }
    expect((await sara.get('/api/runs/khoy/flags?min=0.5&page=1&pageSize=2')).status).toBe(200);
    expect((await sara.get('/api/runs/khoy/flags.geojson?bbox=-1.5,2,44.123456789012345,50')).status).toBe(200);
  });
});

const gdalTranslate = needTools(['gdal_translate']);

describe('TileJSON for GIS clients', () => {
  it('gives absolute tile URLs: from --public-url, else from the request, refusing a forged Host', async () => {
    const fromRequest = (await (await sara.get('/tiles/khoy/before.json')).json()) as { tiles: string[] };
    expect(fromRequest.tiles).toEqual([`${plain.base}/tiles/khoy/before/{z}/{x}/{y}.png`]);
    const admin = await signedInClient(secure.base, 'admin');
    const behindProxy = (await (await admin.get('/tiles/khoy/change.json?scale=2')).json()) as { tiles: string[] };
    expect(behindProxy.tiles).toEqual(['https://maps.example.org/payesh/tiles/khoy/change/{z}/{x}/{y}@2x.png']);
    const forged = await rawGet(plain.base, '/tiles/khoy/before.json', {
      cookie: sara.cookie,
      host: 'evil.example/"><script>',
    });
    expect([forged.status, JSON.parse(forged.body).error]).toEqual([
      400,
      'the Host header is not a host name or address',
    ]);
  });

  it.skipIf(gdalTranslate.skip)(
    `serves tiles GDAL reads through the TileJSON URL template (TMS driver, needs gdal-bin)${gdalTranslate.note}`,
    async () => {
      gdalTranslate.assert();
      const tj = (await (await sara.get('/tiles/khoy/before.json')).json()) as {
        tiles: string[];
        bounds: number[];
        maxzoom: number;
      };
      const template = tj.tiles[0]!.replace('{z}', '${z}').replace('{x}', '${x}').replace('{y}', '${y}');
      const xml = join(dir, 'payesh-tms.xml');
      writeFileSync(
        xml,
        `<GDAL_WMS><Service name="TMS"><ServerUrl>${template}</ServerUrl></Service><DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY><LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY><TileLevel>${tj.maxzoom}</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin></DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY><BandsCount>4</BandsCount></GDAL_WMS>`,
      );
      const [w, s, e, n] = tj.bounds as [number, number, number, number];
      const out = join(dir, 'gdal-tile.png');
      // The centre of the imagery, 128 pixels square at the highest zoom, through GDAL's own HTTP client.
      const [cx, cy] = [(w + e) / 2, (s + n) / 2];
      const span = 0.0003;
      // Asynchronously: the server answering GDAL runs in this process.
      await promisify(execFile)(
        'gdal_translate',
        [
          '-q',
          '-of',
          'PNG',
          '-projwin_srs',
          'EPSG:4326',
          '-projwin',
          String(cx - span),
          String(cy + span),
          String(cx + span),
          String(cy - span),
          '-outsize',
          '128',
          '128',
          xml,
          out,
        ],
        {
          env: {
            ...process.env,
            GDAL_HTTP_HEADERS: `Cookie: ${sara.cookie}`,
            GDAL_HTTP_TIMEOUT: '60',
            CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.png',
          },
        },
      );
      const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
      expect(info.channels).toBe(4);
      let opaque = 0;
      const values = new Set<number>();
      for (let i = 0; i < info.width * info.height; i++) {
        if (data[i * 4 + 3] === 255) opaque++;
        values.add(data[i * 4]!);
      }
      expect(opaque).toBe(info.width * info.height); // all drawn, no hole
      expect(values.size).toBeGreaterThan(20); // imagery, not a flat fill
    },
  );
});

describe('what the server tells about its machine', () => {
  it('never shows the folders of the runs on the server (any signed-in user reads /api/runs)', async () => {
    const folder = join(dir, 'run');
    for (const path of ['/api/runs', '/api/runs/khoy']) {
      const res = await sara.get(path);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).not.toContain(folder);
      expect(body).not.toContain('"dir"');
    }
  });
});
