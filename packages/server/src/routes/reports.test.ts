import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFlags } from '@payesh/store';
import { needTools } from '@payesh/testkit';
import { cityRun, signedInClient, startServer, type Client, type Running } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-reports-test-'));
const jobsRoot = join(dir, 'jobs');
let runDir: string;
let server: Running;
const limits = { perUser: 1, maxAgeMs: 60_000, graceMs: 300, tempRoot: jobsRoot };
beforeAll(async () => {
  mkdirSync(jobsRoot, { recursive: true });
  runDir = await cityRun(dir);
  server = await startServer(runDir, join(dir, 'payesh.db'), { reportJobs: limits });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const signedIn = (name: string, base = server.base): Promise<Client> => signedInClient(base, name);
const json = async (res: Response): Promise<any> => res.json();
const today = () => new Date().toISOString().slice(0, 10);
/** Rows of a CSV without quoted fields (what these selections hold), the BOM dropped. */
const csvRows = (text: string): string[][] =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
/** Polls a job until it is no longer running. */
async function finished(c: Client, id: string): Promise<any> {
  for (;;) {
    const job = await json(await c.get(`/api/reports/${id}`));
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}
/** The jobs' files left on disk. */
const jobFiles = (): string[] => readdirSync(jobsRoot).flatMap((d) => readdirSync(join(jobsRoot, d)));

describe('report downloads by direct link', () => {
  it('follows status, violation and district, and names the file after the run, filter and date', async () => {
    const pia = await signedIn('pia');
    const all = (await listFlags(server.store, 'khoy', { pageSize: 500 })).items;
    const district = all.find((f) => f.violation === 'no-permit')!.district!;
    const expected = all.filter((f) => f.violation === 'no-permit' && f.district === district);
    const res = await pia.get(
      `/api/runs/khoy/report/csv?status=all&violation=no-permit&district=${encodeURIComponent(district)}`,
    );
    expect(res.status).toBe(200);
    // A district in Persian: left out of the plain ASCII name, kept in the RFC 5987 one.
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="khoy_all_no-permit_${today()}.csv"; filename*=UTF-8''${encodeURIComponent(`khoy_all_no-permit_${district.replace(/ /g, '-')}_${today()}.csv`)}`,
    );
    const [header, ...rows] = csvRows(await res.text());
    expect(header!.slice(0, 4)).toEqual(['rank', 'flag_id', 'parcel_id', 'violation']); // English unless asked
    expect(rows.map((r) => r[1]).sort()).toEqual(expected.map((f) => f.flagKey).sort());
    const two = await pia.get('/api/runs/khoy/report/geojson?status=pending&violation=no-permit,demolition');
    expect(two.headers.get('content-disposition')).toBe(
      `attachment; filename="khoy_pending_no-permit+demolition_${today()}.geojson"; filename*=UTF-8''khoy_pending_no-permit%2Bdemolition_${today()}.geojson`,
    );
    expect(
      new Set((await json(two)).features.map((f: { properties: { violation: string } }) => f.properties.violation)),
    ).toEqual(new Set(all.filter((f) => ['no-permit', 'demolition'].includes(f.violation)).map((f) => f.violation)));
    const bad = await pia.get('/api/runs/khoy/report/csv?violation=no-permit,sprawl');
    expect([bad.status, (await json(bad)).error]).toEqual([400, expect.stringMatching(/^violation/)]);
  });
});

/** A PDF job runs to its end with Chromium; its pages are read back with poppler. */
const pdfTools = needTools(['chromium', 'pdftotext']);

describe('report jobs', () => {
  it.skipIf(pdfTools.skip)(
    `answers 202 with the count, shows progress, then gives the file under its name once, deleting it after the grace period${pdfTools.note}`,
    async () => {
      pdfTools.assert();
      const pia = await signedIn('pia');
      const total = (await listFlags(server.store, 'khoy', { violation: ['no-permit'] })).total;
      expect(total).toBeGreaterThan(1);
      const started = await pia.post('/api/runs/khoy/reports', {
        format: 'pdf',
        lang: 'fa',
        status: 'all',
        violation: 'no-permit',
      });
      const job = await json(started);
      expect([started.status, started.headers.get('location')]).toEqual([202, `/api/reports/${job.id}`]);
      expect(job).toEqual({
        id: expect.any(String),
        state: 'running',
        done: 0,
        total,
        filename: `khoy_all_no-permit_${today()}.pdf`,
      });
      const early = await pia.get(`/api/reports/${job.id}/file`);
      expect([early.status, (await json(early)).error]).toEqual([409, expect.stringMatching(/not ready/)]);
      const done = await finished(pia, job.id);
      expect(done).toEqual({ ...job, state: 'done', done: total });
      const file = await pia.get(`/api/reports/${job.id}/file`);
      expect([file.status, file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual([
        200,
        'application/pdf',
        `attachment; filename="${job.filename}"; filename*=UTF-8''${job.filename}`,
      ]);
      const pdf = join(dir, 'job.pdf');
      await import('node:fs/promises').then((fs) => file.arrayBuffer().then((b) => fs.writeFile(pdf, Buffer.from(b))));
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      expect(text.split('\f').filter((p) => /[0-9a-f]{64}/.test(p))).toHaveLength(total); // a page per selected parcel
      expect(jobFiles()).toEqual([`${job.id}.pdf`]);
      await new Promise((r) => setTimeout(r, limits.graceMs + 300));
      expect((await pia.get(`/api/reports/${job.id}`)).status).toBe(404);
      expect(jobFiles()).toEqual([]);
    },
    120_000,
  );

  it('keeps jobs to their owner (and admins), needs the CSRF token and a planner role, checks the body, and limits jobs per user', async () => {
    const [pia, boss, admin, sara] = [
      await signedIn('pia'),
      await signedIn('boss'),
      await signedIn('admin'),
      await signedIn('sara'),
    ];
    expect((await sara.post('/api/runs/khoy/reports', { format: 'csv', lang: 'en' })).status).toBe(403);
    const noCsrf = await pia.post('/api/runs/khoy/reports', { format: 'csv', lang: 'en' }, { 'x-csrf-token': '' });
    expect([noCsrf.status, (await json(noCsrf)).error]).toEqual([403, expect.stringMatching(/csrf/i)]);
    for (const body of [
      { format: 'docx', lang: 'en' },
      { format: 'csv' },
      { format: 'csv', lang: 'en', violation: 'sprawl' },
      { format: 'csv', lang: 'en', status: 'maybe' },
      { format: 'csv', lang: 'en', extra: 1 },
    ]) {
      const res = await pia.post('/api/runs/khoy/reports', body);
      expect([res.status, typeof (await json(res)).error]).toEqual([400, 'string']);
    }
    expect((await pia.post('/api/runs/nope/reports', { format: 'csv', lang: 'en' })).status).toBe(404);
    const job = await json(await pia.post('/api/runs/khoy/reports', { format: 'pdf', lang: 'en', status: 'all' }));
    const second = await pia.post('/api/runs/khoy/reports', { format: 'csv', lang: 'en' });
    expect([second.status, (await json(second)).error]).toEqual([429, expect.stringMatching(/at most 1 report/)]);
    expect((await boss.get(`/api/reports/${job.id}`)).status).toBe(404); // someone else's
    expect((await boss.get(`/api/reports/${job.id}/file`)).status).toBe(404);
    expect((await json(await admin.get(`/api/reports/${job.id}`))).id).toBe(job.id);
    expect((await pia.get('/api/reports/no-such-job')).status).toBe(404);
    // Another user is not held back by pia's job, but two requests at once still make only one; dates 'both' and lang fa reach the CSV.
    const both = await Promise.all(
      [1, 2].map(() =>
        boss.post('/api/runs/khoy/reports', { format: 'csv', lang: 'fa', status: 'all', dates: 'both' }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([202, 429]);
    const mine = await json(both.find((r) => r.status === 202)!);
    expect(await finished(boss, mine.id)).toMatchObject({
      state: 'done',
      total: (await listFlags(server.store, 'khoy')).total,
    });
    const [header] = csvRows(await (await boss.get(`/api/reports/${mine.id}/file`)).text());
    expect(header).toContain('تاریخ تصمیم (خورشیدی)');
    expect(header).toContain('تخلف');
  }, 120_000);

  it('stops running jobs and deletes their files when the server closes', async () => {
    const own = await startServer(runDir, join(dir, 'payesh.db'), { reportJobs: limits });
    const pia = await signedIn('pia', own.base);
    const job = await json(await pia.post('/api/runs/khoy/reports', { format: 'pdf', lang: 'fa', status: 'all' }));
    expect(job.state).toBe('running');
    const before = readdirSync(jobsRoot).length;
    await own.close();
    expect(readdirSync(jobsRoot).length).toBe(before - 1); // its folder is gone
  }, 60_000);
});
