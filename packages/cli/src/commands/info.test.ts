import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '@payesh/core';
import { EXIT } from '../index.js';
import { describeFailure } from '../exit-codes.js';
import { runCaptured } from '../testing/run-cli.js';
import { craftedSpec, craftTiledTiff } from '@payesh/io/testing';

const root = new URL('../../../..', import.meta.url).pathname;
const fixture = join(root, 'fixtures', 'khoy-sample_32638_uint8_rgb_cog.tif');
const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCaptured;

describe('payesh info', () => {
  it('--json prints one object with the documented keys', async () => {
    const { code, out, err } = await run(['info', fixture, '--json']);
    expect(err).toBe('');
    expect(code).toBe(EXIT.ok);
    const info = JSON.parse(out);
    expect(Object.keys(info).slice(0, 10)).toEqual([
      'width',
      'height',
      'bands',
      'dtype',
      'epsg',
      'crs',
      'geotransform',
      'nodata',
      'overviews',
      'compression',
    ]);
    expect(info).toMatchObject({
      width: 1024,
      height: 1024,
      bands: 3,
      dtype: 'uint8',
      epsg: 32638,
      geotransform: [495000, 0.5, 0, 4268000, 0, -0.5],
      nodata: [null, null, null],
      overviews: 2,
      compression: 'deflate',
    });
    expect(info.crs).toContain('+proj=utm +zone=38');
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('prints a readable summary without --json', async () => {
    const { code, out } = await run(['info', fixture]);
    expect(code).toBe(0);
    expect(out).toContain('EPSG:32638 (WGS 84 / UTM zone 38N)');
    expect(out).toContain('Overviews:   512x512, 256x256');
  });

  it('describes a file that detect refuses for its limits (info decodes no pixel)', async () => {
    const bomb = join(dir, 'one-tile-bomb.tif');
    writeFileSync(
      bomb,
      craftTiledTiff(craftedSpec(16384, 16384), 16384, [deflateSync(Buffer.alloc(16384 * 16384), { level: 9 })]),
    );
    const { code, out, err } = await run(['info', bomb]);
    expect([code, err]).toEqual([EXIT.ok, '']);
    expect(out).toContain('Size:        16384 x 16384, 1 band of uint8');
    expect(out).toContain('Blocks:      16384 x 16384, deflate');
  });

  it('a missing file: one line naming it, exit 2', async () => {
    const { code, out, err } = await run(['info', join(dir, 'nope.tif')]);
    expect(code).toBe(EXIT.input);
    expect(out).toBe('');
    expect(err).toBe(`payesh: ${join(dir, 'nope.tif')}: file not found\n`);
  });

  it('a truncated file: one line naming it and the reason, exit 2', async () => {
    const broken = join(dir, 'broken.tif');
    copyFileSync(fixture, broken);
    truncateSync(broken, 100);
    const { code, err } = await run(['info', broken]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(new RegExp(`^payesh: ${broken}: .*truncated`));
  });

  it('a file that is not a TIFF, exit 2', async () => {
    const { code, err } = await run(['info', join(root, 'package.json')]);
    expect(code).toBe(2);
    expect(err).toContain('not a TIFF file');
  });

  it('--help for every command, exit 0', async () => {
    for (const args of [['--help'], ['info', '--help']]) {
      const { code, out } = await run(args);
      expect(code).toBe(0);
      expect(out).toContain('Usage: payesh');
    }
  });

  it('a usage error exits 2', async () => {
    const { code, err } = await run(['info']);
    expect(code).toBe(2);
    expect(err).toContain("missing required argument 'raster'");
  });

  it('pnpm --silent payesh prints only the command output (real process)', async () => {
    const { stdout } = await promisify(execFile)('pnpm', ['--silent', 'payesh', 'info', '--json', fixture], {
      cwd: root,
    });
    expect(JSON.parse(stdout).epsg).toBe(32638);
  });
});

describe('describeFailure', () => {
  it('keeps a multi-line library message on one line', () => {
    const failure = describeFailure(new DataError('corrupt block (warning: x\n  error: y)', { file: 'a.tif' }));
    expect(failure).toEqual({ exitCode: EXIT.input, line: 'payesh: a.tif: corrupt block (warning: x; error: y)' });
  });
});
