import { readlinkSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openGeoTiff } from '@payesh/io';
import { StyleCache } from './layers.js';
import { ReaderCache } from './reader-cache.js';

const fixture = (name: string): string => new URL(`../../../fixtures/${name}`, import.meta.url).pathname;
const BEFORE = fixture('khoy-sample_32638_uint8_rgb_cog.tif');
const AFTER = fixture('khoy-sample-2025_32638_uint8_rgb_cog.tif');

/** How many file descriptors of this process are open on `path` (Linux). */
const openCount = (path: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

const run = {
  id: 'khoy',
  importedAt: '2025-01-01T00:00:00Z',
  dir: '/nowhere',
  threshold: 0.5,
  method: null,
  runJson: {},
} as unknown as Parameters<StyleCache['get']>[0];

describe('server caches', () => {
  it('keeps the style cache at its bound whatever stretch= values a client sends', async () => {
    const readers = new ReaderCache((p) => openGeoTiff(p));
    const styles = new StyleCache(16);
    // Each new value computes a stretch (tens of ms): 200 of them make the point as well as a million.
    await readers.use(BEFORE, async (reader) => {
      for (let i = 0; i < 200; i++) await styles.get(run, 'before', reader, { percentiles: [i / 100, 95] });
    });
    expect(styles.size).toBe(16);
    await readers.close();
  }, 60_000);

  it('closes the files of evicted readers, but never one a request is still reading', async () => {
    const readers = new ReaderCache((p) => openGeoTiff(p), 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reading!: () => void;
    const started = new Promise<void>((r) => (reading = r));
    const slow = readers.use(BEFORE, async (reader) => {
      reading();
      await gate;
      return reader.read({ col: 0, row: 0, width: 8, height: 8 });
    });
    await started;
    await readers.use(AFTER, (reader) => reader.info()); // evicts BEFORE while it is read
    expect(readers.size).toBe(1);
    expect(openCount(BEFORE)).toBe(1);
    release();
    expect((await slow).width).toBe(8); // the read finished on an open file
    await new Promise((r) => setTimeout(r, 50));
    expect(openCount(BEFORE)).toBe(0); // then it was closed
    expect(openCount(AFTER)).toBe(1);
    await readers.close();
    expect(openCount(AFTER)).toBe(0);
  });
});
