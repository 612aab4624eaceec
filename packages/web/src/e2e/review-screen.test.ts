import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlagCategory } from '@payesh/contract';
import { countByStatus, getFlag, listFlags } from '@payesh/store';
import { PASSWORD } from '@payesh/server/testing';
import {
  artifacts,
  chromium,
  currentFlag,
  drawnCount,
  heldFlag,
  mapPixels,
  signIn,
  startE2e,
  waitAcks,
  waitCardLeaves,
  waitDrawn,
  type E2e,
} from './e2e-helpers.js';

// A city of 3072 x 3072 px: 508 pending flags, more than one page of the queue.
let e2e: E2e;
beforeAll(async () => {
  if (chromium.missing.length === 0) e2e = await startE2e(3072);
}, 300_000);
afterAll(() => e2e?.close());

/** A rectangle on the page. */
type Box = { x: number; y: number; width: number; height: number };
const QUEUE = { category: ['violation', 'candidate'] as FlagCategory[] };
const PARCEL: [number, number, number] = [0x00, 0xe5, 0xff];
const CHANGE: [number, number, number] = [0xff, 0x3b, 0x30];
const counts = (page: Page) => page.evaluate(() => ({ ...(document.querySelector('.counts') as HTMLElement).dataset }));

/** Where two substrings of one text under `selector` are drawn: x of `a` minus x of `b` (negative: a is left of b). */
function drawnOrder(page: Page, selector: string, a: string, b: string): Promise<number> {
  return page.evaluate(
    ([sel, first, second]) => {
      const walker = document.createTreeWalker(document.querySelector(sel!)!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const i = text.indexOf(first!);
        const j = text.lastIndexOf(second!);
        if (i < 0 || j < 0 || i === j) continue;
        const x = (at: number, length: number) => {
          const range = document.createRange();
          range.setStart(node!, at);
          range.setEnd(node!, at + length);
          return range.getBoundingClientRect().x;
        };
        return x(i, first!.length) - x(j, second!.length);
      }
      throw new Error(`no text with ${first} and ${second} under ${sel}`);
    },
    [selector, a, b],
  );
}

describe.skipIf(chromium.skip)(
  `the review screen an inspector and a commission can trust (Chromium, 508 pending flags)${chromium.note}`,
  () => {
    beforeEach(() => chromium.assert());
    it('counts decided of all from the server, and lists every flag page by page in a virtual list', async () => {
      const page = await signIn(e2e, 'sara');
      const store = e2e.server.store;
      const stored = await countByStatus(store, 'khoy', QUEUE);
      const total = Object.values(stored).reduce((a, b) => a + b, 0);
      expect(await counts(page)).toMatchObject({
        total: String(total),
        decided: String(total - stored.pending),
        pending: String(stored.pending),
      });
      expect(stored.pending).toBeGreaterThan(500);
      // Every pending flag is in the list, in the server's order, though only a few rows are in the page.
      const all: number[] = [];
      for (const p of [1, 2, 3])
        all.push(
          ...(await listFlags(store, 'khoy', { ...QUEUE, status: ['pending'], page: p, pageSize: 200 })).items.map(
            (f) => f.id,
          ),
        );
      await page.waitForFunction(
        (n) => document.querySelector('ol.flags')?.getAttribute('aria-rowcount') === String(n),
        all.length,
      );
      await page.locator('.flags-viewport').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.waitForFunction((id) => document.querySelector(`li.flag[data-id="${id}"]`) !== null, all.at(-1));
      expect(await page.locator('ol.flags li').count()).toBeLessThan(60);
      // Deciding moves "decided" on at once, and the total stays.
      const drawn = await drawnCount(page);
      const decided = await currentFlag(page);
      await page.keyboard.press('c');
      await waitAcks(page, 1);
      // The decided flag's row shows its new status at once (the list draws the new state).
      await page.waitForSelector(`li.flag.status-confirmed[data-id="${decided}"] .badge`);
      expect(await counts(page)).toMatchObject({ total: String(total), decided: String(total - stored.pending + 1) });
      await waitDrawn(page, drawn + 1);
      await page.screenshot({ path: join(artifacts, 'en-desktop.png') });
      await page.close();
    });

    it('draws the parcel and the change outlines on the map for every flag it moves to', async () => {
      const page = await signIn(e2e, 'reza');
      for (let step = 0; step < 4; step++) {
        await expect
          .poll(async () => (await mapPixels(page, { parcel: PARCEL, change: CHANGE })).counts, { timeout: 10_000 })
          .toMatchObject({
            parcel: expect.toSatisfy((n: number) => n > 200),
            change: expect.toSatisfy((n: number) => n > 20),
          });
        const [id, drawn] = [await currentFlag(page), await drawnCount(page)];
        await page.keyboard.press('j');
        await waitCardLeaves(page, id);
        await waitDrawn(page, drawn + 1);
      }
      await page.close();
    });

    it('opens a flag with its neighbours and the street around it, at no more than the imagery resolution', async () => {
      const page = await signIn(e2e, 'boss');
      await waitDrawn(page, 1);
      const tiles = (await (await page.request.get(`${e2e.server.base}/tiles/khoy/after.json`)).json()) as {
        maxzoom: number;
      };
      const flag = await getFlag(e2e.server.store, 'khoy', await currentFlag(page));
      await page.waitForFunction(() => document.querySelector('.map')?.getAttribute('data-view'));
      const zoom = Number(await page.getAttribute('.map', 'data-zoom'));
      const [w, s, e, n] = (await page.getAttribute('.map', 'data-view'))!.split(',').map(Number) as [
        number,
        number,
        number,
        number,
      ];
      expect(zoom).toBeLessThanOrEqual(tiles.maxzoom - 0.5 + 0.01); // 0.5 m imagery: magnified at most ~2.8x (it was 8x)
      const m = 30 / 111_320; // 30 m of latitude
      expect(
        w < flag.bbox[0] - m * 0.8 && e > flag.bbox[2] + m * 0.8 && s < flag.bbox[1] - m && n > flag.bbox[3] + m,
      ).toBe(true);
      await page.close();
    });

    it('goes back with k to the flag just sent to a field visit', async () => {
      const page = await signIn(e2e, 'sara');
      const first = await heldFlag(e2e, page, 'sara');
      await page.keyboard.press('f');
      await waitCardLeaves(page, first);
      await page.keyboard.press('k');
      await page.waitForFunction(
        (id) => document.querySelector('.card')?.getAttribute('data-flag') === String(id),
        first,
      );
      expect(await page.getAttribute('.card', 'data-status')).toBe('field-visit');
      await page.close();
    });

    it('decides with buttons that show their keys, and shows where the keys are listed', async () => {
      const page = await signIn(e2e, 'sara');
      const id = await heldFlag(e2e, page, 'sara');
      const labels = await page.locator('.card .decisions button').allTextContents();
      expect(labels.map((l) => l.trim())).toEqual(['Confirm C', 'Dismiss D', 'Field visit F', 'Note N']);
      await page.selectOption('.card select.category', '3');
      await page.click('.card button.dismiss');
      await waitAcks(page, 1);
      expect(await getFlag(e2e.server.store, 'khoy', id)).toMatchObject({
        status: 'dismissed',
        decisions: [expect.objectContaining({ legalCategory: 3 })],
      });
      await page.click('.map-tools .keys-hint');
      await page.waitForSelector('.help dl');
      await page.close();
    });

    it('switches language without starting the app again: one pair of maps, one request per decision, no page hooks', async () => {
      const page = await signIn(e2e, 'reza');
      const plain = await e2e.browser.newPage();
      await plain.goto(`${e2e.server.base}/`);
      expect(await plain.evaluate(() => 'payesh' in window || '__payesh' in window)).toBe(false); // benchmark hooks only with ?instrument
      await plain.close();
      await page.waitForFunction(() => document.querySelectorAll('canvas.maplibregl-canvas').length === 2); // after, then before
      for (let i = 0; i < 4; i++) await page.click('header button.lang');
      await page.waitForFunction(() => document.documentElement.dir === 'ltr');
      expect(await page.locator('canvas.maplibregl-canvas').count()).toBe(2);
      const posts: string[] = [];
      page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/decisions') && posts.push(r.url()));
      await page.keyboard.press('d');
      await waitAcks(page, 1);
      await page.waitForTimeout(5500); // one outbox sync interval: a second controller would send again
      expect(posts).toHaveLength(1);
      await page.close();
    });

    it('labels the dates on the map, keeps dates and ids whole in Persian, and says it all in Persian', async () => {
      const page = await signIn(e2e, 'pia', undefined, '#status=all');
      await page.click('header button.lang');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      await page.waitForSelector('.card[data-flag]');
      // Toggle: the label of the date on screen; swipe: before on the left, after on the right.
      expect(await page.locator('.date-label.after').textContent()).toBe(
        'پس · \u2066۱۴۰۳/۰۴/۳۰\u2069 (\u2066۲۰۲۴-۰۷-۲۰\u2069)',
      );
      expect(await page.isVisible('.date-label.before')).toBe(false);
      await page.keyboard.press('t');
      expect(await page.isVisible('.date-label.before')).toBe(true);
      expect(await page.isVisible('.date-label.after')).toBe(false);
      await page.keyboard.press('s');
      const [before, after] = (await Promise.all(
        ['.date-label.before', '.date-label.after'].map(async (s) => (await page.locator(s).boundingBox())!),
      )) as [Box, Box];
      expect(before.x).toBeLessThan(after.x);
      expect(await page.locator('.legend li').allTextContents()).toEqual(['قطعه', 'تغییر آشکارشده', 'جانمایی مجاز']);
      expect(await page.textContent('.scale-text')).toMatch(/^[۰-۹٬]+ (متر|کیلومتر)$/);
      // Gregorian dates read left to right inside Persian text (2023-05-08, not 08-05-2023) ...
      expect(await drawnOrder(page, '.chips figure:first-child figcaption', '۲۰۲۳', '۰۸')).toBeLessThan(0);
      expect(await drawnOrder(page, '.date-label.before', '۲۰۲۳', '۰۸')).toBeLessThan(0);
      // ... and so do parcel ids with Latin letters in the list.
      const parcel = (await page.locator('ol.flags li .parcel').first().textContent())!.replace(/[\u2066-\u2069]/g, '');
      expect(parcel).toMatch(/^KH-\d{3}-\d{2}$/);
      expect(await drawnOrder(page, 'ol.flags li .parcel', 'KH', parcel.slice(-2))).toBeLessThan(0);
      expect(await page.textContent('.card')).toContain('متر مربع');
      expect(await page.textContent('body')).not.toMatch(/m²|Before|After/);
      await page.screenshot({ path: join(artifacts, 'fa-desktop.png') });
      await page.close();
    });

    it('says a wrong password in the page language', async () => {
      const page = await e2e.browser.newPage();
      await page.goto(`${e2e.server.base}/#lang=fa`);
      await page.fill('input[name=username]', 'sara');
      await page.fill('input[name=password]', `${PASSWORD}!`);
      await page.click('button[type=submit]');
      expect(await page.textContent('.sign-in .error')).toBe('نام کاربری یا گذرواژه نادرست است.');
      await page.close();
    });

    for (const lang of ['en', 'fa'] as const)
      it(`fits a tablet (820 x 1180, ${lang}): a queue to work with, the filters and the whole card within reach`, async () => {
        const page = await signIn(e2e, 'reza', { width: 820, height: 1180 }, `#lang=${lang}`);
        await waitDrawn(page, 1);
        const box = async (s: string) => (await page.locator(s).first().boundingBox())!;
        const [queue, filters, map, cardSlot, buttons] = (await Promise.all(
          ['.queue', '.filters', '.map', '.card-slot', '.card .decisions'].map(box),
        )) as [Box, Box, Box, Box, Box];
        expect(queue.height).toBeGreaterThan(400);
        expect(map.height).toBeGreaterThan(400);
        for (const b of [queue, filters, map, cardSlot, buttons])
          expect(b.y + b.height).toBeLessThanOrEqual(1180 + 0.5);
        expect(await page.locator('ol.flags li').count()).toBeGreaterThan(8); // rows in view
        // The card scrolls inside its slot: its last part can be reached.
        await page.locator('.card-slot').evaluate((el) => (el.scrollTop = el.scrollHeight));
        const history = await box('.card .history, .card p.muted:last-of-type');
        expect(history.y + history.height).toBeLessThanOrEqual(1180 + 0.5);
        await page.screenshot({ path: join(artifacts, `${lang}-tablet.png`) });
        await page.close();
      });

    it('exports what the queue filters select, with progress, named after the run, filter and date', async () => {
      const page = await signIn(e2e, 'pia', undefined, '#status=all');
      await page.selectOption('.filters select[name=violation]', 'no-permit');
      await page.waitForFunction(() => document.querySelector('.counts')?.getAttribute('data-total') !== null);
      await page.click('header button.export-button');
      expect(await page.textContent('.export-panel .selection')).toBe('All statuses · No permit · All districts');
      const download = page.waitForEvent('download', { timeout: 120_000 });
      await page.click('.export-panel button.export-csv');
      const file = await download;
      const today = new Date().toISOString().slice(0, 10);
      expect(file.suggestedFilename()).toBe(`khoy_all_no-permit_${today}.csv`);
      const text = (await file.createReadStream().then(async (s) => Buffer.concat(await s.toArray()))).toString('utf8');
      const rows = text.trim().split('\n').slice(1);
      expect(rows.length).toBe((await listFlags(e2e.server.store, 'khoy', { violation: ['no-permit'] })).total);
      expect(text.split('\n')[0]).toMatch(/^\uFEFFrank,flag_id,parcel_id/); // English headers for GIS tools by default
      // Persian headers and Solar Hijri dates when asked for.
      await page.check('.export-panel input[name=persian-csv]');
      const persian = page.waitForEvent('download', { timeout: 120_000 });
      await page.click('.export-panel button.export-csv');
      const header = (await (await persian).createReadStream().then(async (s) => Buffer.concat(await s.toArray())))
        .toString('utf8')
        .split('\n')[0]!;
      expect(header).toMatch(/[\u0600-\u06FF]/);
      expect(header).toContain('تاریخ تصمیم (خورشیدی)');
      // A PDF shows its progress while it is made.
      const pdf = page.waitForEvent('download', { timeout: 240_000 });
      await page.click('.export-panel button.export-pdf');
      await page.waitForSelector('.export-progress[data-state="running"] progress');
      expect((await pdf).suggestedFilename()).toBe(`khoy_all_no-permit_${today}.pdf`);
      await page.screenshot({ path: join(artifacts, 'en-desktop-export.png') });
      await page.close();
    }, 300_000);
  },
);
