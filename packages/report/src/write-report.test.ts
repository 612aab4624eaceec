import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persianDigits } from '@payesh/core';
import {
  coverPage,
  flagPage,
  overviewPage,
  SummaryBuilder,
  VIOLATION_COLOURS,
  writeReport,
  type ReportFlag,
  type ReportOptions,
} from './index.js';
import { needTools } from '@payesh/testkit';
import {
  flag,
  memorySource,
  parseCsv,
  pdfPageCount,
  pdfPages,
  pdfWords,
  RUN,
  solidPng,
} from './testing/memory-source.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-write-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (over: Partial<ReportOptions> = {}): ReportOptions => ({
  lang: 'fa',
  status: 'all',
  district: null,
  generatedOn: '2026-05-01',
  ...over,
});
const permits = [
  {
    permit_id: '1402/ب/345',
    issued_on: '2023-05-08',
    expires_on: '2025-05-07',
    permitted_area_m2: 12345,
    floors: 2,
    status: 'issued' as const,
    covers_period: true,
  },
  {
    permit_id: 'P-2023-118',
    issued_on: '2022-01-15',
    expires_on: null,
    permitted_area_m2: 80,
    floors: null,
    status: 'expired' as const,
    covers_period: false,
  },
];
const decision = {
  outcome: 'confirmed',
  legalCategory: 2,
  note: 'ساخت KH-12A در حیاط',
  username: 'sara',
  decidedAt: '2026-04-20T09:30:00.000Z',
} as const;
/** The flags most tests read: a parcel id with Latin letters, permit numbers of both kinds, a decision, a demolition. */
const flags: ReportFlag[] = [
  flag(1, {
    parcelId: 'KH-12A',
    violation: 'exceeds-permit',
    newBuiltM2: 12345.4,
    permittedAreaM2: 12345,
    permits,
    decision,
  }),
  flag(2, {
    parcelId: 'KH-7',
    violation: 'demolition',
    category: 'information',
    newBuiltM2: 40,
    removedM2: 250,
    status: 'pending',
  }),
  flag(3, {
    parcelId: '1402-17',
    violation: 'no-permit',
    newBuiltM2: 60,
    status: 'dismissed',
    decision: { ...decision, outcome: 'dismissed', legalCategory: null, note: 'no "violation", after all' },
  }),
];
/** Text with every kind of space removed (pdftotext spaces right-to-left runs unevenly). */
const squeeze = (s: string) => s.replace(/[\s\u200c]/g, '');

/** Printing the PDFs needs Chromium; reading them back, poppler. */
const pdfTools = needTools(['chromium', 'pdftotext', 'pdfinfo', 'pdfimages']);

describe.skipIf(pdfTools.skip)(`the PDF report${pdfTools.note}`, () => {
  const fa = join(dir, 'fa.pdf');
  const en = join(dir, 'en.pdf');
  beforeAll(async () => {
    pdfTools.assert();
    await writeReport(memorySource(flags), 'pdf', options(), fa);
    await writeReport(memorySource(flags), 'pdf', options({ lang: 'en' }), en);
  }, 60_000);

  it('keeps Gregorian dates, areas, parcel ids and permit numbers in order inside Persian text', () => {
    const text = pdfPages(fa).join('\n');
    // 2023-05-08 in Persian digits: before isolation it came out as ۰۸-۰۵-۲۰۲۳.
    expect(text).toContain('۲۰۲۳-۰۵-۰۸');
    expect(text).toContain('۲۰۲۵-۰۵-۰۷');
    expect(text).toContain('۲۰۲۶-۰۴-۲۰'); // the decision's day
    expect(text).not.toMatch(/۰۸-۰۵-۲۰۲۳|۰۷-۰۵-۲۰۲۵|۲۰-۰۴-۲۰۲۶/);
    expect(text).toContain('۱۴۰۲/۰۲/۱۸');
    for (const id of ['KH-12A', 'P-2023-118', '1402-17', 'KH-7']) expect(text).toContain(id);
    expect(text).not.toContain('17-1402');
    expect(squeeze(text)).toContain(squeeze('۱۲٬۳۴۵ متر مربع')); // Persian digits, the Persian thousands separator, the unit in words
    expect(text).not.toContain('m²');
  });

  it('isolates ids, permit numbers and notes of either direction (first-strong) and dates left to right', () => {
    const page = flagPage(
      flags[0]!,
      RUN,
      { before: solidPng(2, 2, [0, 0, 0]), after: solidPng(2, 2, [0, 0, 0]), change: solidPng(2, 2, [0, 0, 0]) },
      'ab',
      'fa',
    );
    for (const text of ['KH-12A', '1402/ب/345', 'P-2023-118', 'sara', 'ساخت KH-12A در حیاط'])
      expect(page).toContain(`<bdi>${text}</bdi>`);
    expect(page).toContain(`<bdi dir="ltr">${persianDigits('2023-05-08')}</bdi>`);
    expect(page).not.toMatch(/class="ltr"/);
  });

  it("writes the cover in the page's language: imagery and method in Persian words, aligned with the other facts", () => {
    const cover = pdfPages(fa)[0]!;
    for (const words of ['۳ باند', 'uint8', 'پیکسل ۰٫۵ متر', 'شواهد ساخت‌وساز (بدون نظارت)'])
      expect(squeeze(cover)).toContain(squeeze(words));
    expect(cover).toContain('EPSG:32638');
    expect(squeeze(cover)).toContain(squeeze('پایش نسخه 0.1.0'));
    expect(cover).not.toMatch(/band|CRS units|pixels|construction/);
    // Right-to-left facts start at the right of their column: the run's name sits in the right half of
    // the page (it was pushed to the left margin when the value was forced left to right).
    const words = pdfWords(fa, 1);
    const runName = words.find((w) => w.text === 'khoy-test')!;
    expect(runName.xMin).toBeGreaterThan(595 / 2);
    const epsg = words.find((w) => w.text.includes('EPSG:32638'))!;
    expect(epsg.xMin).toBeGreaterThan(595 / 3);
    const english = pdfPages(en)[0]!;
    expect(english).toContain('3-band uint8, 0.5 m pixels, EPSG:32638');
    expect(english).toContain('construction evidence (unsupervised), Payesh 0.1.0');
    expect(english).toContain('2023-05-08 (1402/02/18)');
  });

  it('reports demolitions as demolished area, never as new built area', () => {
    const s = new SummaryBuilder();
    s.add(flags);
    const { total, byViolation } = s.summary();
    expect(total).toEqual({ count: 3, areaM2: 12345.4 + 60, demolishedM2: 250 });
    expect(byViolation.get('demolition')).toEqual({ count: 1, areaM2: 0, demolishedM2: 250 });
    const pages = pdfPages(en, true);
    expect(pages[0]).toMatch(/3 flags · 12,405 m² new built · 250 m² demolished/);
    expect(pages[0]).toMatch(/Demolition\s+1\s+0\s+250/);
    const demolition = pages.find((p) => p.includes('KH-7'))!;
    expect(demolition).toMatch(/Demolished area\s+250 m²/);
    expect(demolition).not.toContain('Detected new area');
  });

  it('puts the overview map on its own page with its heading and a legend of the violations drawn', () => {
    const html = overviewPage(new SummaryBuilder().summary(), 'fa', solidPng(4, 4, [0, 0, 0]));
    expect(html).toMatch(/<figure class="map"><h2>.*<\/h2><img/);
    const cover = coverPage(
      RUN,
      (() => {
        const s = new SummaryBuilder();
        s.add(flags);
        return s.summary();
      })(),
      options(),
    );
    expect(cover).not.toContain('<img'); // the map is no longer squeezed under the cover's tables
    const list = execFileSync('pdfimages', ['-list', fa], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/));
    const mapPage = Number(list.find((cols) => cols[3] === '64' && cols[4] === '48')![0]);
    const page = pdfPages(fa)[mapPage - 1]!;
    expect(squeeze(page)).toContain(squeeze('قطعه‌های دارای تخلف'));
    for (const v of ['مازاد بر پروانه', 'تخریب', 'بدون پروانه']) expect(squeeze(page)).toContain(squeeze(v));
    expect(Object.keys(VIOLATION_COLOURS)).toHaveLength(6);
  });

  it('numbers every page "page N of M" of a report printed in several batches, in Persian digits', async () => {
    const many = Array.from({ length: 85 }, (_, i) => flag(i + 1, { parcelId: `KH-${i + 1}` }));
    const out = join(dir, 'many.pdf');
    expect(await writeReport(memorySource(many), 'pdf', options(), out)).toEqual({ flags: 85 });
    const m = pdfPageCount(out);
    expect(m).toBeGreaterThanOrEqual(1 + 1 + 85); // cover, map, one page per parcel: three printed batches of parcels
    const pages = pdfPages(out);
    expect(pages).toHaveLength(m);
    pages.forEach((text, i) =>
      expect(squeeze(text)).toContain(squeeze(`صفحه ${persianDigits(String(i + 1))} از ${persianDigits(String(m))}`)),
    );
    // The parcel pages still come in order, each under its number.
    expect(squeeze(pages[m - 1]!)).toContain('KH-85');
    const n = pdfPageCount(en);
    pdfPages(en).forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${n}`));
  }, 120_000);
});

describe('the CSV report', () => {
  const csv = async (over: Partial<ReportOptions>) => {
    const out = join(dir, `r-${Math.random().toString(36).slice(2)}.csv`);
    await writeReport(memorySource(flags), 'csv', options(over), out);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  };

  it('keeps English headers and values unless Persian is asked for', async () => {
    const rows = await csv({ lang: 'en' });
    expect(Object.keys(rows[0]!)).toEqual([
      'rank',
      'flag_id',
      'parcel_id',
      'violation',
      'category',
      'status',
      'confidence',
      'new_built_m2',
      'removed_m2',
      'permitted_area_m2',
      'district',
      'address',
      'permit_ids',
      'decision',
      'legal_category',
      'note',
      'inspector',
      'decided_at',
      'west',
      'south',
      'east',
      'north',
    ]);
    expect(rows.map((r) => [r.parcel_id, r.violation, r.status, r.decision, r.removed_m2])).toEqual([
      ['KH-12A', 'exceeds-permit', 'confirmed', 'confirmed', '0'],
      ['KH-7', 'demolition', 'pending', '', '250'],
      ['1402-17', 'no-permit', 'dismissed', 'dismissed', '0'],
    ]);
    expect(rows[0]!.permit_ids).toBe('1402/ب/345;P-2023-118');
    expect(rows[2]!.note).toBe('no "violation", after all');
  });

  it("writes an inspector's note that looks like a formula as text (a leading quote), and numbers as numbers", async () => {
    const notes = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const hostile = notes.map((note, i) =>
      flag(i + 1, {
        parcelId: note,
        newBuiltM2: -3.5,
        bbox: [-44.9, -38.5, -44.8, -38.4],
        decision: { ...decision, note },
      }),
    );
    const out = join(dir, 'hostile.csv');
    await writeReport(memorySource(hostile), 'csv', options({ lang: 'en' }), out);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('note')])).toEqual(notes.map((n) => `'${n}`));
    expect(rows.map((r) => r[col('parcel_id')])).toEqual(notes.map((n) => `'${n}`));
    expect(rows.map((r) => [r[col('new_built_m2')], r[col('west')], r[col('south')]])).toEqual(
      notes.map(() => ['-3.5', '-44.9', '-38.5']),
    );
  });

  it("writes Persian headers and the vocabulary's words with lang fa, and Solar Hijri dates beside ISO ones with dates both", async () => {
    const rows = await csv({ lang: 'fa', dates: 'both' });
    const first = rows[0]!;
    expect(first['قطعه']).toBe('KH-12A');
    expect(first['تخلف']).toBe('مازاد بر پروانه');
    expect(first['وضعیت']).toBe('تأیید شده');
    expect(first['تصمیم بازرس']).toBe('تأیید شده');
    expect(first['رده حقوقی']).toBe('2');
    expect(first['تاریخ تصمیم']).toBe('2026-04-20T09:30:00.000Z');
    expect(first['تاریخ تصمیم (خورشیدی)']).toBe('1405/01/31');
    expect(rows[1]!['نوع']).toBe('اطلاع');
    expect(rows[1]!['تاریخ تصمیم (خورشیدی)']).toBe('');
    const both = await csv({ lang: 'en', dates: 'both' });
    expect(both[0]!.decided_at_solar_hijri).toBe('1405/01/31');
    expect(Object.keys(both[0]!).indexOf('decided_at_solar_hijri')).toBe(
      Object.keys(both[0]!).indexOf('decided_at') + 1,
    );
  });
});
