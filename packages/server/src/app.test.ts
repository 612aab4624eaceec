import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFlags } from '@payesh/store';
import { lngLatToTile } from '@payesh/tiler';
import { cityRun, Client, PASSWORD, signedInClient, startServer, type Running } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-server-'));
let runDir: string;
let server: Running;
beforeAll(async () => {
  runDir = await cityRun(dir);
  server = await startServer(runDir, join(dir, 'payesh.db'), { requireSecondReview: true });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const signedIn = (name: string): Promise<Client> => signedInClient(server.base, name);
const json = async (res: Response): Promise<any> => res.json();

/** A GET with the path sent exactly as written (fetch would resolve the dots first). */
function rawGet(path: string, cookie: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.base}${path}`, { headers: { cookie } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve(
          new Response(body, {
            status: res.statusCode,
            headers: { 'content-type': String(res.headers['content-type']) },
          }),
        ),
      );
    });
    req.path = path;
    req.on('error', reject);
    req.end();
  });
}

describe('sign-in and security', () => {
  it('signs in with an HttpOnly SameSite cookie and refuses wrong passwords', async () => {
    const c = new Client(server.base);
    const bad = await c.signIn('sara', 'wrong password!');
    expect([bad.status, await json(bad)]).toEqual([401, { error: 'wrong user name or password' }]);
    const ok = await c.signIn('sara');
    expect(ok.headers.get('set-cookie')).toMatch(
      /^payesh_session=[\w-]+; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/,
    );
    expect((await json(await c.get('/api/session'))).user).toMatchObject({ username: 'sara', role: 'inspector' });
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 401 without a session, and 403 to a cookie write without the CSRF token', async () => {
    const anon = new Client(server.base);
    expect([(await anon.get('/api/runs')).status, (await anon.get('/tiles/khoy/before.json')).status]).toEqual([
      401, 401,
    ]);
    const sara = await signedIn('sara');
    const res = await sara.post('/api/runs/khoy/queue/next', {}, { 'x-csrf-token': 'forged' });
    expect([res.status, (await json(res)).error]).toEqual([403, 'missing or wrong x-csrf-token header']);
  });

  it('enforces roles on every route', async () => {
    const [pia, sara, admin] = [await signedIn('pia'), await signedIn('sara'), await signedIn('admin')];
    expect((await pia.get('/api/runs')).status).toBe(200); // planners read
    expect((await pia.post('/api/runs/khoy/queue/next')).status).toBe(403); // but do not review
    expect((await sara.get('/api/users')).status).toBe(403);
    expect((await sara.post('/api/users', { username: 'eve', password: PASSWORD, role: 'admin' })).status).toBe(403);
    const created = await admin.post('/api/users', { username: 'nima', password: PASSWORD, role: 'inspector' });
    expect([created.status, (await json(created)).user.role]).toEqual([201, 'inspector']);
    expect((await admin.post('/api/users', { username: 'nima', password: PASSWORD, role: 'inspector' })).status).toBe(
      409,
    );
  });

  it('validates requests and names, with a clear JSON message', async () => {
    const sara = await signedIn('sara');
    const cases: [Promise<Response>, number, RegExp][] = [
      [sara.get('/api/runs/..%2F..%2Fetc%2Fpasswd/flags'), 400, /run name/],
      [rawGet('/tiles/../before/1/0/0.png', sara.cookie), 400, /run name/],
      [rawGet('/tiles/%2e%2e%2f%2e%2e%2fetc/before/1/0/0.png', sara.cookie), 400, /run name/],
      [rawGet('/api/runs/khoy/flags/1/chip/..%2f..%2frun.json', sara.cookie), 400, /chip/],
      [sara.get('/api/runs/nope'), 404, /no run "nope"/],
      [sara.get('/tiles/khoy/elevation/1/0/0.png'), 400, /layer must be one of before, after, change/],
      [sara.get('/tiles/khoy/before/3/9/0.png'), 400, /no tile 3\/9\/0/],
      [sara.get('/tiles/khoy/before/3/1/0.gif'), 400, /tile name/],
      [sara.get('/api/runs/khoy/flags?min=2'), 400, /min/],
      [sara.get('/api/runs/khoy/flags?sort=price'), 400, /sort/],
      [sara.get('/api/runs/khoy/flags/abc'), 400, /flag id/],
      [sara.post('/api/runs/khoy/flags/1/decisions', { outcome: 'maybe' }), 400, /outcome/],
      [sara.post('/api/runs/khoy/flags/1/decisions', '{"outcome": '), 400, /malformed JSON/],
      [
        sara.post('/api/runs/khoy/flags/1/decisions', { outcome: 'confirmed', note: 'x'.repeat(40_000) }),
        413,
        /too large/,
      ],
      [sara.get('/api/nothing'), 404, /no such API route/],
    ];
    for (const [pending, status, message] of cases) {
      const res = await pending;
      const body = await json(res);
      expect([res.status, message.test(body.error)], `${res.url} ${body.error}`).toEqual([status, true]);
    }
  });

  it('limits sign-in attempts', async () => {
    const limited = await startServer(runDir, join(dir, 'limited.db'), {
      signInLimits: { account: 3, ip: 10, firstWaitSeconds: 60, maxWaitSeconds: 900, forgetSeconds: 3600 },
    });
    try {
      const c = new Client(limited.base);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.signIn('sara', 'wrong password!')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('flags and review', () => {
  it('lists flags with filters, sorting and pages, and one flag with its parcel and history', async () => {
    const pia = await signedIn('pia');
    const all = await json(await pia.get('/api/runs/khoy/flags?pageSize=500'));
    expect(all.total).toBeGreaterThan(10);
    const confidences = all.items.map((f: { confidence: number }) => f.confidence);
    expect(confidences).toEqual([...confidences].sort((a: number, b: number) => b - a));
    const noPermit = await json(
      await pia.get('/api/runs/khoy/flags?violation=no-permit&sort=area&order=asc&pageSize=3&page=1'),
    );
    expect(noPermit.items.every((f: { violation: string }) => f.violation === 'no-permit')).toBe(true);
    expect(noPermit.items.map((f: { newBuiltM2: number }) => f.newBuiltM2)).toEqual(
      [...noPermit.items.map((f: { newBuiltM2: number }) => f.newBuiltM2)].sort((a, b) => a - b),
    );
    // Keyset pages: the flags after a flag id, in the same order; counts by status for the same filters.
    const ids = all.items.map((f: { id: number }) => f.id);
    const next = await json(await pia.get(`/api/runs/khoy/flags?pageSize=5&after=${ids[4]}`));
    expect(next.items.map((f: { id: number }) => f.id)).toEqual(ids.slice(5, 10));
    expect(next.counts).toEqual({ pending: all.total, confirmed: 0, dismissed: 0, 'field-visit': 0 });
    expect((await json(await pia.get('/api/runs/khoy/flags?status=confirmed'))).counts.pending).toBe(all.total);
    for (const bad of ['0x11', '1e3', '-4', ' 80'])
      expect((await pia.get(`/api/runs/khoy/flags?after=${encodeURIComponent(bad)}`)).status).toBe(400);
    const one = await json(await pia.get(`/api/runs/khoy/flags/${all.items[0].id}`));
    expect(one).toMatchObject({ id: all.items[0].id, decisions: [], lock: null });
    expect(one.properties.evidence.type).toBe('MultiPolygon');
    const [w, s, e, n] = one.bbox;
    const near = await json(await pia.get(`/api/runs/khoy/flags.geojson?bbox=${w},${s},${e},${n}`));
    expect(near.features.map((f: { id: number }) => f.id)).toContain(one.id);
    const changes = await json(await pia.get(`/api/runs/khoy/changes.geojson?bbox=${w},${s},${e},${n}`));
    expect(changes.features.length).toBeGreaterThan(0);
  });

  it('keeps two inspectors off the same parcel, records decisions, and lets only others validate them', async () => {
    const [sara, reza, boss] = [await signedIn('sara'), await signedIn('reza'), await signedIn('boss')];
    const a = await json(await sara.post('/api/runs/khoy/queue/next'));
    const b = await json(await reza.post('/api/runs/khoy/queue/next'));
    expect(a.id).not.toBe(b.id);
    expect(a.lock.username).toBe('sara');
    const clash = await reza.post(`/api/runs/khoy/flags/${a.id}/decisions`, { outcome: 'dismissed' });
    expect([clash.status, (await json(clash)).error]).toEqual([409, `flag ${a.id} is being reviewed by sara`]);
    const decided = await json(
      await sara.post(`/api/runs/khoy/flags/${a.id}/decisions`, {
        outcome: 'confirmed',
        legalCategory: 2,
        note: 'ساخت بدون پروانه',
      }),
    );
    expect(decided.status).toBe('confirmed');
    expect(decided.decisions.at(-1)).toMatchObject({
      username: 'sara',
      outcome: 'confirmed',
      legalCategory: 2,
      note: 'ساخت بدون پروانه',
    });
    expect((await sara.post(`/api/runs/khoy/flags/${a.id}/reopen`)).status).toBe(403); // inspectors do not reopen
    const validated = await json(await boss.post(`/api/runs/khoy/flags/${a.id}/validate`));
    expect(validated.decisions.at(-1).validatedBy).toBeGreaterThan(0);
    // The supervisor's own decision cannot be validated by the supervisor.
    const c = await json(await boss.post('/api/runs/khoy/queue/next'));
    expect(c.id).not.toBe(b.id);
    await boss.post(`/api/runs/khoy/flags/${c.id}/decisions`, { outcome: 'dismissed' });
    const own = await boss.post(`/api/runs/khoy/flags/${c.id}/validate`);
    expect([own.status, (await json(own)).error]).toEqual([403, 'a reviewer cannot validate their own decision']);
    const reopened = await json(await boss.post(`/api/runs/khoy/flags/${a.id}/reopen`, { reason: 'wrong parcel' }));
    expect([reopened.status, reopened.decisions.length, reopened.decisions[0].supersededAt !== null]).toEqual([
      'pending',
      1,
      true,
    ]);
    // An API token works without a cookie or CSRF token.
    const token = (await json(await reza.post('/api/tokens', { label: 'script' }))).token;
    const viaToken = await fetch(`${server.base}/api/runs/khoy/flags/${b.id}/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'dismissed', note: 'shadow' }),
    });
    expect([viaToken.status, (await json(viaToken)).decisions.at(-1).username]).toEqual([200, 'reza']);
  });
});

describe('reports', () => {
  it('lets planners download the report, and keeps inspectors out', async () => {
    const [pia, sara] = [await signedIn('pia'), await signedIn('sara')];
    expect((await sara.get('/api/runs/khoy/report/csv')).status).toBe(403);
    const csv = await pia.get('/api/runs/khoy/report/csv?status=all&lang=en');
    const today = new Date().toISOString().slice(0, 10);
    expect([
      csv.status,
      csv.headers.get('content-type')?.toLowerCase(),
      csv.headers.get('content-disposition'),
    ]).toEqual([
      200,
      'text/csv; charset=utf-8',
      `attachment; filename="khoy_all_${today}.csv"; filename*=UTF-8''khoy_all_${today}.csv`,
    ]);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for Persian
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines.length - 1).toBe((await listFlags(server.store, 'khoy')).total); // every flag, one row each
    expect(lines[0]).toMatch(/^rank,flag_id,parcel_id/);
    expect((await json(await pia.get('/api/runs/khoy/report/docx'))).error).toMatch(/pdf|csv|geojson/);
  });
});

describe('tiles and chips', () => {
  it('renders imagery tiles from the right data with ETags, and 204 outside', async () => {
    const sara = await signedIn('sara');
    const tj = await json(await sara.get('/tiles/khoy/before.json'));
    const [w, s, e, n] = tj.bounds;
    expect(tj).toMatchObject({
      tilejson: '3.0.0',
      tiles: [`${server.base}/tiles/khoy/before/{z}/{x}/{y}.png`],
      maxzoom: 19,
    });
    const [x, y] = lngLatToTile((w + e) / 2, (s + n) / 2, 18);
    const res = await sara.get(`/tiles/khoy/before/18/${x}/${y}.png`);
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([
      200,
      'image/png',
      'private, max-age=3600',
    ]);
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([256, 256, 4]);
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] === 255) opaque++;
    expect(opaque).toBe(256 * 256); // the middle of the scene: all data
    const again = await sara.get(`/tiles/khoy/before/18/${x}/${y}.png`, { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
    const webp = await sara.get(`/tiles/khoy/after/18/${x}/${y}.webp`);
    expect([webp.status, webp.headers.get('content-type')]).toEqual([200, 'image/webp']);
    expect((await sara.get('/tiles/khoy/before/12/0/0.png')).status).toBe(204);
    // Band selection: blue, green, red shows the default's blue as red (each band keeps its own stretch).
    const swapped = await sharp(
      Buffer.from(await (await sara.get(`/tiles/khoy/before/18/${x}/${y}.png?bands=3,2,1`)).arrayBuffer()),
    )
      .raw()
      .toBuffer();
    let same = 0;
    for (let i = 0; i < swapped.length; i += 4)
      if (Math.abs(swapped[i]! - data[i + 2]!) <= 1 && Math.abs(swapped[i + 2]! - data[i]!) <= 1) same++;
    expect(same).toBe(256 * 256);
    expect((await json(await sara.get(`/tiles/khoy/before/18/${x}/${y}.png?bands=4,2,1`))).error).toBe(
      'bands must be 1 or 3 band numbers from 1 to 3',
    );
  });

  it('serves 512-pixel tiles (scale=2) that show what the four 256-pixel tiles of the next zoom show', async () => {
    const sara = await signedIn('sara');
    const tj = await json(await sara.get('/tiles/khoy/before.json?scale=2'));
    expect(tj).toMatchObject({
      tiles: [`${server.base}/tiles/khoy/before/{z}/{x}/{y}@2x.png`],
      maxzoom: 18,
      tileSize: 512,
    });
    expect((await sara.get('/tiles/khoy/before.json?scale=3')).status).toBe(400);
    const [w, s, e, n] = tj.bounds;
    const [x, y] = lngLatToTile((w + e) / 2, (s + n) / 2, 17);
    const pixels = async (path: string) =>
      sharp(Buffer.from(await (await sara.get(path)).arrayBuffer()))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
    const big = await pixels(`/tiles/khoy/before/17/${x}/${y}@2x.png`);
    expect([big.info.width, big.info.height]).toEqual([512, 512]);
    let diff = 0;
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      const small = await pixels(`/tiles/khoy/before/18/${2 * x + dx}/${2 * y + dy}.png`);
      for (let row = 0; row < 256; row++)
        for (let col = 0; col < 256; col++)
          for (let b = 0; b < 3; b++)
            diff += Math.abs(
              small.data[(row * 256 + col) * 3 + b]! - big.data[((dy * 256 + row) * 512 + dx * 256 + col) * 3 + b]!,
            );
    }
    expect(diff / (512 * 512 * 3)).toBeLessThan(2); // the same ground at the same resolution (mean difference in grey levels)
  });

  it('draws change transparent where nothing changed, and evidence chips with the parcel outline', async () => {
    const sara = await signedIn('sara');
    const flag = (await json(await sara.get('/api/runs/khoy/flags?violation=no-permit&pageSize=1'))).items[0];
    const [w, s, e, n] = flag.bbox;
    const [x, y] = lngLatToTile((w + e) / 2, (s + n) / 2, 17);
    const tile = await sharp(Buffer.from(await (await sara.get(`/tiles/khoy/change/17/${x}/${y}.png`)).arrayBuffer()))
      .raw()
      .toBuffer();
    let clear = 0;
    let red = 0;
    for (let i = 0; i < tile.length; i += 4) tile[i + 3] === 0 ? clear++ : tile[i] === 255 && red++;
    expect(clear).toBeGreaterThan(0);
    expect(red).toBeGreaterThan(0);
    for (const layer of ['before', 'after', 'change']) {
      const chip = await sara.get(`/api/runs/khoy/flags/${flag.id}/chip/${layer}.png`);
      expect(chip.status).toBe(200);
      expect((await sharp(Buffer.from(await chip.arrayBuffer())).metadata()).width).toBe(320);
    }
  });
});
