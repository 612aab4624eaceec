/**
 * Review UI speed (issue 6) in real Chromium against the real server on the demo city (4096 px run
 * made by bench:tiles, or made here): time from the sign-in answer to the first flag's imagery drawn
 * (the map idle with all tiles loaded), from a key press to the next flag's imagery drawn, and from a
 * decision key to the server's acknowledgement. Timings come from the page (window.__payesh). The
 * inspector looks at each drawn flag for `--dwell` ms before the next key (the UI warms the next
 * flag's tiles meanwhile); `--dwell 0` presses keys as fast as the page allows.
 *
 * Run: pnpm bench:web [--flags 20] [--dwell 1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { readRunFolder } from '@payesh/io';
import { addUser, importRun, openStore } from '@payesh/store';
import { createApp } from '@payesh/server';
import { launchChromium } from '@payesh/report';
import { benchCityRun } from './lib/bench-city.js';

const { values } = parseArgs({
  options: { flags: { type: 'string', default: '20' }, dwell: { type: 'string', default: '1000' } },
});
/** How long the inspector looks at a drawn flag before the next key (ms). */
const dwell = Number(values.dwell);
const count = Number(values.flags);
const benchDir = process.env.PAYESH_BENCH_DIR ?? '/tmp/payesh-bench';
const { run: cityRun } = await benchCityRun(benchDir);
const work = mkdtempSync(join(tmpdir(), 'payesh-bench-web-'));
const webRoot = new URL('../packages/web/', import.meta.url).pathname;
await build({
  root: webRoot,
  configFile: join(webRoot, 'vite.config.ts'),
  logLevel: 'warn',
  build: { outDir: join(work, 'dist'), emptyOutDir: true },
});
const store = await openStore(join(work, 'bench.db'));
await importRun(store, await readRunFolder(cityRun, 'city'));
await addUser(store, { username: 'sara', password: 'bench password', role: 'inspector' });
const { app, close } = createApp(store, {
  webRoot: join(work, 'dist'),
  log: () => undefined,
  tileThreads: Number(process.env.TILE_THREADS ?? 2),
});
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
// Server-side time of each decision (request received to response finished), to tell network and browser queueing apart.
const serverAckMs: number[] = [];
server.on('request', (req, res) => {
  if (req.method !== 'POST' || !req.url?.endsWith('/decisions')) return;
  const started = performance.now();
  res.on('finish', () => serverAckMs.push(performance.now() - started));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
await page.goto(`${base}/?instrument`);
await page.fill('input[name=username]', 'sara');
await page.fill('input[name=password]', 'bench password');
await page.click('button[type=submit]');
type Timings = { signedInAt: number; firstImageryAt: number; navigationMs: number[]; ackMs: number[] };
const timings = (): Promise<Timings> => page.evaluate(() => (globalThis as unknown as { __payesh: Timings }).__payesh);
await page.waitForFunction(() => (globalThis as unknown as { __payesh: Timings }).__payesh.firstImageryAt > 0, null, {
  timeout: 30_000,
});
const first = await timings();
// Next flag: j, then wait until the map has drawn it.
for (let i = 0; i < count; i++) {
  const before = (await timings()).navigationMs.length;
  await page.waitForTimeout(dwell);
  await page.keyboard.press('j');
  await page.waitForFunction(
    (n) => (globalThis as unknown as { __payesh: Timings }).__payesh.navigationMs.length > n,
    before,
    { timeout: 30_000 },
  );
}
// Decisions, as an inspector makes them: look at the drawn flag, then confirm or dismiss; each
// moves on to the next flag (whose drawing is waited for before the next decision).
for (let i = 0; i < count; i++) {
  const { ackMs, navigationMs } = await timings();
  await page.waitForTimeout(dwell);
  await page.keyboard.press(i % 2 ? 'd' : 'c');
  await page.waitForFunction(
    ([a, n]) =>
      (globalThis as unknown as { __payesh: Timings }).__payesh.ackMs.length > a! &&
      (globalThis as unknown as { __payesh: Timings }).__payesh.navigationMs.length > n!,
    [ackMs.length, navigationMs.length],
    { timeout: 30_000 },
  );
}
const t = await timings();
const pct = (v: number[], p: number): number =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;
const nav = t.navigationMs.slice(1, 1 + count); // the first is the initial flag
console.log(
  `first flag's imagery on screen: ${(first.firstImageryAt - first.signedInAt).toFixed(0)} ms after the sign-in answer`,
);
console.log(
  `next flag with imagery (j, ${nav.length} flags): p50 ${pct(nav, 50).toFixed(0)} ms, p95 ${pct(nav, 95).toFixed(0)} ms, max ${Math.max(...nav).toFixed(0)} ms`,
);
console.log(
  `decision acknowledged in the page (${t.ackMs.length} decisions): p50 ${pct(t.ackMs, 50).toFixed(1)} ms, p95 ${pct(t.ackMs, 95).toFixed(1)} ms, max ${Math.max(...t.ackMs).toFixed(1)} ms; on the server: p50 ${pct(serverAckMs, 50).toFixed(1)} ms, p95 ${pct(serverAckMs, 95).toFixed(1)} ms`,
);
await browser.close();
server.closeAllConnections();
server.close();
await close();
await store.close();
rmSync(work, { recursive: true, force: true });
