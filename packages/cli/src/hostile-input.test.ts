import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './index.js';
import { runCaptured as run } from './testing/run-cli.js';
import { partialFolders, spawnCli, untilWriting, type SpawnedCli } from './testing/spawn-cli.js';
import { craftedSpec, craftTiledTiff } from '@payesh/io/testing';
import { writeCity } from '@payesh/testkit';

// Issue 14, item 11 (hostile rasters, stopping detection) and the Ctrl-C leftovers a new user found.
const dir = mkdtempSync(join(tmpdir(), 'payesh-hostile-cli-'));
const started: SpawnedCli[] = [];
afterAll(() => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const bomb = join(dir, 'one-tile-bomb.tif');
const ratioBomb = join(dir, 'four-tile-bomb.tif');
const sparse = join(dir, 'sparse-32768.tif');
let city: Awaited<ReturnType<typeof writeCity>>;
beforeAll(async () => {
  const zeros = (pixels: number): Buffer => deflateSync(Buffer.alloc(pixels), { level: 9 });
  writeFileSync(bomb, craftTiledTiff(craftedSpec(16384, 16384), 16384, [zeros(16384 * 16384)]));
  const tile = zeros(8192 * 8192);
  writeFileSync(ratioBomb, craftTiledTiff(craftedSpec(16384, 16384), 8192, [tile, tile, tile, tile]));
  // 131 kB: 16384 empty 256x256 tiles. Valid (sparse tiles are nodata), and a billion pixels of work.
  writeFileSync(sparse, craftTiledTiff(craftedSpec(32768, 32768), 256, Array(128 * 128).fill(null)));
  city = await writeCity(join(dir, 'city'), { size: 256, pixelM: 0.5, seed: 3 });
}, 60_000);

function spawnTracked(args: readonly string[], how: 'node' | 'pnpm' = 'node'): SpawnedCli {
  const s = spawnCli(args, how);
  started.push(s);
  return s;
}

describe('hostile rasters', () => {
  it('detect on the 261 kB file declaring one 16384x16384 DEFLATE tile exits 2 with one line naming the file and the limit, in seconds', async () => {
    const out = join(dir, 'bomb-run');
    const t0 = performance.now();
    const { exited, child } = spawnTracked(['detect', '--before', bomb, '--after', bomb, '--out', out, '--quiet']);
    // Before the limits this ran for minutes; a bound far above the CLI's start-up (seconds) but far below that.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const exit = await exited;
    clearTimeout(timer);
    expect(exit.stderr).toBe(
      `payesh: ${bomb}: one 16384x16384 block decodes to 256 MiB, more than the 64 MiB a block may (rewrite it with smaller tiles, e.g. gdal_translate -co TILED=YES)\n`,
    );
    expect(exit.code).toBe(EXIT.input);
    expect(exit.at - t0).toBeLessThan(40_000);
    expect(readdirSync(dir).filter((f) => f.includes('bomb-run'))).toEqual([]);
  }, 90_000);

  it('detect on the bomb cut into tiles within the block limit exits 2 for its compression ratio; --max-compression-ratio is checked', async () => {
    const r = await run([
      'detect',
      '--before',
      ratioBomb,
      '--after',
      ratioBomb,
      '--out',
      join(dir, 'ratio-run'),
      '--quiet',
    ]);
    expect(r.err).toMatch(
      new RegExp(
        `^payesh: ${ratioBomb}: its blocks would decode to 256 MiB from 0\\.2\\d MiB stored \\(10\\d\\d:1\\), more than the 1000:1 compression-ratio limit \\(raise it with --max-compression-ratio\\)\\n$`,
      ),
    );
    expect(r.code).toBe(EXIT.input);
    const bad = await run([
      'detect',
      '--before',
      ratioBomb,
      '--after',
      ratioBomb,
      '--out',
      join(dir, 'ratio-run'),
      '--max-compression-ratio',
      'lots',
    ]);
    expect([bad.code, bad.err]).toEqual([
      EXIT.input,
      'payesh: --max-compression-ratio must be a number >= 0, got "lots"\n',
    ]);
  });

  it('--max-pixels lowers the pixel limit: a 256x256 RGB pair is refused at 100000', async () => {
    const r = await run([
      'detect',
      '--before',
      city.before,
      '--after',
      city.after,
      '--out',
      join(dir, 'small-limit'),
      '--max-pixels',
      '100000',
      '--quiet',
    ]);
    expect(r.err).toBe(
      `payesh: ${city.before}: declares 256x256 pixels x 3 bands (196608 in all), more than the limit of 100000 (raise it with --max-pixels)\n`,
    );
    expect(r.code).toBe(EXIT.input);
  });
});

describe('stopping detection', () => {
  /** Starts `detect` on the sparse pair, waits until it is scoring, signals it; returns the exit and the seconds it took after the signal. */
  async function interrupt(
    how: 'node' | 'pnpm',
    signal: NodeJS.Signals,
    parent: string,
    command: 'detect' | 'compare',
    extra: readonly string[] = [],
  ): Promise<{ code: number; stderr: string; seconds: number }> {
    mkdirSync(parent, { recursive: true });
    const s = spawnTracked(
      [command, '--before', sparse, '--after', sparse, '--out', join(parent, 'run'), '--quiet', ...extra],
      how,
    );
    await untilWriting(parent, 'run', 90_000);
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = performance.now();
    // A terminal's Ctrl-C reaches every process of the foreground group (pnpm, node): so does this.
    if (how === 'pnpm') process.kill(-s.child.pid!, signal);
    else s.child.kill(signal);
    const exit = await s.exited;
    return { code: exit.code, stderr: exit.stderr, seconds: (exit.at - t0) / 1000 };
  }

  // Worker threads (the default on several cores) and this thread (--workers 1, or one core): it took 66 s.
  for (const workers of [[], ['--workers', '1']]) {
    it(`detect${workers.map((w) => ` ${w}`).join('')} on a sparse 32768x32768 pair stops within 3 s of SIGTERM, exit 130, leaving no partial folder`, async () => {
      const parent = join(dir, `term${workers.join('')}`);
      const r = await interrupt('node', 'SIGTERM', parent, 'detect', workers);
      expect(r.stderr).toBe('payesh: interrupted\n');
      expect(r.code).toBe(EXIT.interrupted);
      expect(r.seconds).toBeLessThan(3);
      expect(readdirSync(parent)).toEqual([]);
    }, 120_000);
  }

  it('Ctrl-C on `pnpm payesh detect` (SIGINT to the process group) exits 130 and leaves nothing behind', async () => {
    const parent = join(dir, 'ctrl-c-detect');
    const r = await interrupt('pnpm', 'SIGINT', parent, 'detect');
    expect(r.code).toBe(EXIT.interrupted);
    expect(r.stderr).toMatch(/^payesh: interrupted\n/);
    expect(r.seconds).toBeLessThan(3);
    expect(partialFolders(parent, 'run')).toEqual([]);
    expect(readdirSync(parent)).toEqual([]);
  }, 120_000);

  it('Ctrl-C on `pnpm payesh compare` exits 130 and leaves nothing behind', async () => {
    const parent = join(dir, 'ctrl-c-compare');
    const r = await interrupt('pnpm', 'SIGINT', parent, 'compare', [
      '--parcels',
      city.parcels,
      '--permits',
      city.permits,
      '--before-date',
      '2024-06-01',
      '--after-date',
      '2025-06-01',
    ]);
    expect(r.code).toBe(EXIT.interrupted);
    expect(r.seconds).toBeLessThan(3);
    expect(readdirSync(parent)).toEqual([]);
  }, 120_000);
});
