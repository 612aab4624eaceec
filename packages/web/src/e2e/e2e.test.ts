import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getFlag, listFlags } from '@payesh/store';
import { PASSWORD } from '@payesh/server/testing';
import {
  artifacts,
  chromium,
  currentFlag,
  heldFlag,
  mapPixels,
  signIn as signInAs,
  startE2e,
  waitAcks,
  type E2e,
} from './e2e-helpers.js';

let e2e: E2e;
beforeAll(async () => {
  if (chromium.missing.length === 0) e2e = await startE2e();
}, 240_000);
afterAll(() => e2e?.close());
const signIn = (username: string) => signInAs(e2e, username);

describe.skipIf(chromium.skip)(`review UI in Chromium${chromium.note}`, () => {
  beforeEach(() => chromium.assert());
  it('signs in and draws the imagery of the first flag on the map canvas', async () => {
    const page = await signIn('sara');
    await page.waitForFunction(
      () => (window as unknown as { __payesh: { firstImageryAt: number } }).__payesh.firstImageryAt > 0,
    );
    const pixels = await mapPixels(page);
    await page.screenshot({ path: join(artifacts, '1-signed-in.png') });
    expect(pixels.imagery).toBeGreaterThan(0.5); // imagery, not the empty background
    expect(pixels.spread).toBeGreaterThan(15); // roofs, streets and shadows, not a flat colour
    expect(await page.textContent('.card h2')).toBeTruthy();
    await page.close();
  });

  it('reviews five parcels by keyboard, and finds the decisions after a reload', async () => {
    const page = await signIn('sara');
    const pendingBefore = Number(await page.getAttribute('.counts', 'data-pending'));
    const ids: number[] = [];
    const press = async (...keys: string[]) => {
      ids.push(await currentFlag(page));
      for (const k of keys) await page.keyboard.press(k);
      await page.waitForFunction(
        (id) => Number(document.querySelector('.card')?.getAttribute('data-flag')) !== id,
        ids.at(-1),
      );
    };
    await press('c');
    await press('d');
    await press('2', 'f');
    await page.keyboard.press('n');
    await page.keyboard.type('دیوار جدید در حیاط');
    await page.keyboard.press('Enter');
    await press('c');
    const skipped = await currentFlag(page);
    await page.keyboard.press('j'); // skip one
    await page.waitForFunction(
      (id) => Number(document.querySelector('.card')?.getAttribute('data-flag')) !== id,
      skipped,
    );
    await press('d');
    await waitAcks(page, 5);
    await page.screenshot({ path: join(artifacts, '2-after-five.png') });
    const run = e2e.server.store;
    const got = (await Promise.all(ids.map((id) => getFlag(run, 'khoy', id)))).map((f) => [
      f.status,
      f.decisions.at(-1)?.legalCategory ?? null,
      f.decisions.at(-1)?.note ?? null,
      f.decisions.at(-1)?.username,
    ]);
    expect(got).toEqual([
      ['confirmed', null, null, 'sara'],
      ['dismissed', null, null, 'sara'],
      ['field-visit', 2, null, 'sara'],
      ['confirmed', null, 'دیوار جدید در حیاط', 'sara'],
      ['dismissed', null, null, 'sara'],
    ]);
    await page.reload();
    await page.waitForSelector('.card[data-flag]');
    expect(Number(await page.getAttribute('.counts', 'data-pending'))).toBe(pendingBefore - 5);
    await page.selectOption('.filters select[name=status]', 'confirmed');
    await page.waitForFunction((id) => document.querySelector(`li.flag[data-id="${id}"]`) !== null, ids[0]);
    await page.click(`li.flag[data-id="${ids[3]}"]`);
    await page.waitForFunction(
      (id) => document.querySelector('.card')?.getAttribute('data-flag') === String(id),
      ids[3],
    );
    expect(await page.textContent('.card .history')).toContain('دیوار جدید در حیاط');
    await page.close();
  });

  it('undoes the last decision with u', async () => {
    const page = await signIn('sara');
    const id = await currentFlag(page);
    await page.keyboard.press('c');
    await waitAcks(page, 1);
    await page.keyboard.press('u');
    await page.waitForFunction(
      (flag) =>
        document.querySelector('.card')?.getAttribute('data-flag') === String(flag) &&
        document.querySelector('.card')?.getAttribute('data-status') === 'pending',
      id,
    );
    expect((await getFlag(e2e.server.store, 'khoy', id)).status).toBe('pending');
    await page.close();
  });

  it('keeps a second inspector off a parcel that is locked', async () => {
    const sara = await signIn('sara');
    const hers = await currentFlag(sara);
    const reza = await signIn('reza');
    const his = await currentFlag(reza);
    expect(his).not.toBe(hers);
    await sara.close();
    await reza.close();
  });

  it('keeps a decision that could not be sent, across a reload, and sends it later', async () => {
    const page = await signIn('sara');
    const id = await heldFlag(e2e, page, 'sara');
    await page.route('**/decisions', (route) => route.abort('internetdisconnected'));
    await page.keyboard.press('f');
    await page.waitForSelector('.banner.error');
    await page.screenshot({ path: join(artifacts, '3-unsent.png') });
    expect((await getFlag(e2e.server.store, 'khoy', id)).status).toBe('pending');
    await page.reload(); // the route still fails: the decision must survive in the page's storage
    await page.waitForSelector('.card[data-flag]');
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('payesh.outbox.v1') ?? '[]').length)).toBe(1);
    await page.unroute('**/decisions');
    await page.keyboard.press('r');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('payesh.outbox.v1') ?? '[]').length === 0);
    expect((await getFlag(e2e.server.store, 'khoy', id)).status).toBe('field-visit');
    await page.close();
  });

  it('switches to Persian: right-to-left, Persian digits, Solar Hijri dates, and remembers it', async () => {
    const page = await signIn('pia');
    await page.click('header button.lang');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.waitForSelector('.card[data-flag]');
    expect(await page.getAttribute('html', 'lang')).toBe('fa');
    const queue = (await page.locator('.queue').boundingBox())!;
    const card = (await page.locator('.card').boundingBox())!;
    expect(queue.x).toBeGreaterThan(card.x); // the queue moved to the right
    const captions = await page.textContent('.chips');
    expect(captions).toContain('۱۴۰۲/۰۲/۱۸'); // 2023-05-08, the before image, in Solar Hijri
    expect(await page.textContent('.counts')).toMatch(/^[۰-۹]+ از [۰-۹]+ بررسی شده · [۰-۹]+ در انتظار$/);
    expect(await page.textContent('.card')).toContain('فقط خواندنی'); // planners read
    expect(await page.isVisible('header button.export-button')).toBe(true); // and export
    await page.screenshot({ path: join(artifacts, '4-persian.png') });
    await page.reload();
    await page.waitForSelector('.card[data-flag]');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.keyboard.press('?');
    await page.waitForSelector('.help');
    await page.screenshot({ path: join(artifacts, '5-help-fa.png') });
    await page.close();
  });

  it('lets an administrator add a user who can then sign in', async () => {
    const page = await signIn('admin');
    await page.click('header .users-button');
    await page.fill('input[name=new-username]', 'nima');
    await page.fill('input[name=new-password]', PASSWORD);
    await page.selectOption('select[name=new-role]', 'inspector');
    await page.click('form.add-user button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.users')?.textContent?.includes('nima'));
    await page.close();
    const nima = await signIn('nima');
    expect(await nima.textContent('header .who')).toContain('nima');
    await nima.close();
  });

  it('answers the flags list the UI shows with the same pending count as the store', async () => {
    const page = await signIn('boss');
    const shown = Number(await page.getAttribute('.counts', 'data-pending'));
    const stored = (
      await listFlags(e2e.server.store, 'khoy', {
        status: ['pending'],
        category: ['violation', 'candidate'],
      })
    ).total;
    expect(shown).toBe(stored);
    await page.close();
  });
});
