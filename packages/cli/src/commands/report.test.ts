import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, decideFlag, listFlags, openStore } from '@payesh/store';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';
import { needTools, writeCity } from '@payesh/testkit';
import { compareArgs } from '../testing/compare-args.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-report-'));
const db = join(dir, 'payesh.db');
/** Printing a PDF needs Chromium; reading it back, poppler. */
const pdfTools = needTools(['chromium', 'pdftotext', 'pdfinfo', 'pdftoppm']);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let confirmed: { parcelId: string; note: string | null }[] = [];
beforeAll(async () => {
  const city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
  const compared = await run([...compareArgs(city, join(dir, 'khoy')), '--db', db, '--workers', '1']);
  expect(compared.code).toBe(EXIT.ok);
  const store = await openStore(db);
  const sara = await addUser(store, { username: 'sara', password: 'a long password', role: 'inspector' });
  const flags = (
    await listFlags(store, 'khoy', {
      violation: ['no-permit', 'expired-permit', 'exceeds-permit'],
      sort: 'rank',
    })
  ).items.slice(0, 4);
  for (const [i, f] of flags.entries())
    await decideFlag(store, 'khoy', f.id, sara, {
      outcome: i === 3 ? 'dismissed' : 'confirmed',
      legalCategory: i === 0 ? 1 : null,
      note: i === 0 ? 'ساخت بدون پروانه در حیاط' : null,
    });
  confirmed = flags
    .slice(0, 3)
    .map((f, i) => ({ parcelId: f.parcelId!, note: i === 0 ? 'ساخت بدون پروانه در حیاط' : null }));
  await store.close();
}, 180_000);

/** pdftotext's output without the bidi controls it wraps right-to-left runs in. */
const pdfText = (path: string): string =>
  execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(
    /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    '',
  );

describe('payesh report', () => {
  it('writes CSV with BOM and GeoJSON matching the confirmed flags in the store', async () => {
    const csvPath = join(dir, 'r.csv');
    const r = await run(['report', '--db', db, '--run', 'khoy', '--format', 'csv', '--out', csvPath]);
    expect([r.code, r.out]).toEqual([EXIT.ok, `3 flags reported in ${csvPath}\n`]);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.startsWith('\uFEFFrank,flag_id,parcel_id,violation,category,status,')).toBe(true);
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows.map((line) => line.split(',')[2]).sort()).toEqual(confirmed.map((c) => c.parcelId).sort());
    expect(csv).toContain('ساخت بدون پروانه در حیاط');
    const geoPath = join(dir, 'r.geojson');
    expect(
      (await run(['report', '--db', db, '--run', 'khoy', '--format', 'geojson', '--status', 'all', '--out', geoPath]))
        .code,
    ).toBe(EXIT.ok);
    const fc = JSON.parse(readFileSync(geoPath, 'utf8'));
    const store = await openStore(db);
    expect(fc.features.length).toBe((await listFlags(store, 'khoy')).total);
    await store.close();
    const dismissed = fc.features.filter(
      (f: { properties: { status: string } }) => f.properties.status === 'dismissed',
    );
    expect(dismissed).toHaveLength(1);
    expect(dismissed[0].properties.decision).toMatchObject({ outcome: 'dismissed', username: 'sara' });
    expect(fc.features[0].geometry.type).toMatch(/Polygon/);
  });

  it.skipIf(pdfTools.skip)(
    `prints a Persian PDF whose text reads in order, with the evidence images on each page (needs poppler-utils and chromium)${pdfTools.note}`,
    async () => {
      pdfTools.assert();
      const pdf = join(dir, 'r-fa.pdf');
      const r = await run([
        'report',
        '--db',
        db,
        '--run',
        'khoy',
        '--format',
        'pdf',
        '--lang',
        'fa',
        '--out',
        pdf,
        '--quiet',
      ]);
      expect([r.code, r.err]).toEqual([EXIT.ok, '']);
      const text = pdfText(pdf);
      expect(text).toContain('گزارش تخلفات ساختمانی'); // joined letters, words in reading order
      expect(text).toContain('ساخت بدون پروانه در حیاط'); // the inspector's note
      expect(text).toContain('۱۴۰۲/۰۲/۱۸'); // the before image's date in Solar Hijri, Persian digits
      for (const c of confirmed) expect(text).toContain(c.parcelId);
      expect(text.match(/\b[0-9a-f]{64}\b/g)).toHaveLength(3); // one evidence fingerprint per parcel page
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThanOrEqual(1 + 1 + 3); // the cover, the overview map, then a page per parcel
      const pageTexts = text.split('\f').slice(0, -1);
      expect(pageTexts).toHaveLength(pages);
      const digits = (n: number) => String(n).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
      pageTexts.forEach((page, i) =>
        expect(page.replace(/\s/g, '')).toContain(`صفحه${digits(i + 1)}از${digits(pages)}`),
      );
      // The parcel pages carry the three evidence images: rendered, the top half has coloured imagery.
      execFileSync('pdftoppm', ['-r', '40', '-f', String(pages), '-l', String(pages), '-png', pdf, join(dir, 'page')]);
      const { data, info } = await sharp(join(dir, `page-${pages}.png`))
        .raw()
        .toBuffer({ resolveWithObject: true });
      let coloured = 0;
      for (let y = 0; y < info.height / 2; y++)
        for (let x = 0; x < info.width; x++) {
          const i = (y * info.width + x) * info.channels;
          if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 25)
            coloured++;
        }
      expect(coloured / ((info.width * info.height) / 2)).toBeGreaterThan(0.05); // a page of text alone: 0
    },
  );

  it.skipIf(pdfTools.skip)(
    `prints English too, and says so when nothing matches (needs poppler-utils and chromium)${pdfTools.note}`,
    async () => {
      pdfTools.assert();
      const pdf = join(dir, 'r-en.pdf');
      expect(
        (await run(['report', '--db', db, '--run', 'khoy', '--format', 'pdf', '--lang', 'en', '--out', pdf, '--quiet']))
          .code,
      ).toBe(EXIT.ok);
      expect(pdfText(pdf)).toMatch(/Construction violation report[\s\S]*2023-05-08 \(1402\/02\/18\)/);
      const empty = join(dir, 'empty.pdf');
      const r = await run([
        'report',
        '--db',
        db,
        '--run',
        'khoy',
        '--format',
        'pdf',
        '--lang',
        'en',
        '--district',
        'nowhere',
        '--out',
        empty,
        '--quiet',
      ]);
      expect(r.out).toBe(`no flag matches this selection; ${empty} says so\n`);
      expect(pdfText(empty)).toContain('No flag matches this selection: nothing to report.');
    },
  );

  it('selects by violation and names the file after the run, filter and date when --out is a folder', async () => {
    const out = join(dir, 'exports');
    mkdirSync(out);
    const r = await run([
      'report',
      '--db',
      db,
      '--run',
      'khoy',
      '--format',
      'csv',
      '--status',
      'all',
      '--violation',
      'no-permit,demolition',
      '--out',
      out,
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const file = join(out, `khoy_all_no-permit+demolition_${today}.csv`);
    expect([r.code, r.err, readdirSync(out)]).toEqual([EXIT.ok, '', [`khoy_all_no-permit+demolition_${today}.csv`]]);
    const store = await openStore(db);
    const expected = await listFlags(store, 'khoy', { violation: ['no-permit', 'demolition'], pageSize: 500 });
    await store.close();
    const rows = readFileSync(file, 'utf8').trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(expected.total);
    expect(new Set(rows.map((line) => line.split(',')[3]))).toEqual(new Set(expected.items.map((f) => f.violation)));
    const bad = await run([
      'report',
      '--db',
      db,
      '--run',
      'khoy',
      '--format',
      'csv',
      '--violation',
      'no-permit,sprawl',
      '--out',
      out,
    ]);
    expect([bad.code, bad.err]).toEqual([
      EXIT.input,
      `payesh: --violation takes no-permit, expired-permit, exceeds-permit, outside-footprint, demolition, encroachment; got "sprawl"\n`,
    ]);
  });

  it('refuses bad options and unknown runs in one line, writing nothing', async () => {
    const out = join(dir, 'bad.csv');
    const a = await run(['report', '--db', db, '--run', 'khoy', '--format', 'docx', '--out', out]);
    expect([a.code, a.err]).toEqual([EXIT.input, 'payesh: --format must be pdf, csv or geojson, got "docx"\n']);
    const b = await run(['report', '--db', db, '--run', 'nope', '--format', 'csv', '--out', out]);
    expect([b.code, b.err]).toEqual([EXIT.input, 'payesh: no run "nope"\n']);
    expect(existsSync(out)).toBe(false);
    // A store that is not there is named, and not created empty.
    const missing = join(dir, 'nope.db');
    const c = await run(['report', '--db', missing, '--run', 'khoy', '--format', 'csv', '--out', out]);
    expect([c.code, c.err]).toEqual([EXIT.input, `payesh: ${missing}: no such store (see payesh import)\n`]);
    expect(existsSync(missing)).toBe(false);
  });
});
