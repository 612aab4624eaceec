import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { getFlag } from '@payesh/store';
import { cityRun, PASSWORD, startServer, type Running } from '@payesh/server/testing';
import { needTools } from '@payesh/testkit';
import { launchChromium } from './browser.js';

export const artifacts = new URL('../../../../test-artifacts/web/', import.meta.url).pathname;
/** Debian's Chromium (or $CHROMIUM): without it the browser tests skip, or under CI fail. */
export const chromium = needTools(['chromium']);

export interface E2e {
  readonly server: Running;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** The built UI served by the real server over a demo city run of `size` pixels, and Debian's Chromium. */
export async function startE2e(size = 1024): Promise<E2e> {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-e2e-'));
  mkdirSync(artifacts, { recursive: true });
  const webRoot = new URL('../..', import.meta.url).pathname;
  const outDir = join(dir, 'dist');
  await build({
    root: webRoot,
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const server = await startServer(await cityRun(dir, size), join(dir, 'payesh.db'), { webRoot: outDir });
  const browser = await launchChromium();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in page (with the timing hooks of `?instrument`), the first flag's card shown. */
export async function signIn(
  e: E2e,
  username: string,
  viewport = { width: 1400, height: 850 },
  hash = '',
): Promise<Page> {
  const page = await e.browser.newPage({ viewport });
  await page.goto(`${e.server.base}/?instrument${hash}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.card[data-flag]');
  return page;
}

export const currentFlag = async (page: Page): Promise<number> => Number(await page.getAttribute('.card', 'data-flag'));

/** The flag on screen once this inspector holds its lock (a flag another inspector holds is skipped). */
export async function heldFlag(e: E2e, page: Page, username: string): Promise<number> {
  let id = 0;
  await expect
    .poll(async () => (await getFlag(e.server.store, 'khoy', (id = await currentFlag(page)))).lock?.username, {
      timeout: 10_000,
    })
    .toBe(username);
  return id;
}
export const waitAcks = (page: Page, n: number) =>
  page.waitForFunction((k) => (window as unknown as { __payesh: { ackMs: number[] } }).__payesh.ackMs.length >= k, n);
/** Waits until the card shows another flag than `id`. */
export const waitCardLeaves = (page: Page, id: number) =>
  page.waitForFunction((x) => Number(document.querySelector('.card')?.getAttribute('data-flag')) !== x, id);
/** Waits until the map drew a view after navigation number `n` (performance marks of `?instrument`). */
export const waitDrawn = (page: Page, n: number) =>
  page.waitForFunction(
    (k) => (window as unknown as { __payesh: { navigationMs: number[] } }).__payesh.navigationMs.length >= k,
    n,
  );
/** How many navigations the map has drawn so far. */
export const drawnCount = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __payesh: { navigationMs: number[] } }).__payesh.navigationMs.length);

/** The map as pixels: the share that is imagery (not the empty background), its spread, and pixels of given colours. */
export async function mapPixels(
  page: Page,
  colours: Record<string, [number, number, number]> = {},
): Promise<{ imagery: number; spread: number; counts: Record<string, number> }> {
  const png = await page.locator('.map').screenshot();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let imagery = 0;
  let sum = 0;
  let sq = 0;
  const counts: Record<string, number> = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
  const n = info.width * info.height;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (Math.abs(r - 0x1d) + Math.abs(g - 0x21) + Math.abs(b - 0x26) > 12) imagery++;
    for (const [name, [cr, cg, cb]] of Object.entries(colours))
      if (Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 40) counts[name]!++;
    const grey = (r + g + b) / 3;
    sum += grey;
    sq += grey * grey;
  }
  return { imagery: imagery / n, spread: Math.sqrt(sq / n - (sum / n) ** 2), counts };
}
