import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { needTools, underCi } from './tools.js';
import { needSharedData } from './shared-data.js';

const bin = mkdtempSync(join(tmpdir(), 'payesh-tools-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
writeFileSync(join(bin, 'pdftotext'), '#!/bin/sh\n');
chmodSync(join(bin, 'pdftotext'), 0o755);
writeFileSync(join(bin, 'gdalwarp'), 'not executable');
const env = (ci?: string) => ({
  PATH: bin,
  CHROMIUM: join(bin, 'no-chromium'),
  ...(ci === undefined ? {} : { CI: ci }),
});

describe('needTools', () => {
  it('finds executables on PATH, not other files', () => {
    expect(needTools(['pdftotext'], env())).toMatchObject({ missing: [], skip: false, note: '' });
    expect(needTools(['gdalwarp', 'pdftotext'], env()).missing).toEqual(['gdalwarp']);
  });

  it('without CI skips, saying what is missing and how to install it', () => {
    const check = needTools(['gdalwarp', 'pdfinfo', 'pdftoppm', 'chromium'], env());
    expect(check.skip).toBe(true);
    expect(check.note).toBe(
      ` (skipped: gdalwarp is not installed (apt-get install gdal-bin); pdfinfo and pdftoppm are not installed (apt-get install poppler-utils); chromium (${join(bin, 'no-chromium')}) is not installed (apt-get install chromium fonts-dejavu-core, or set CHROMIUM))`,
    );
  });

  it('under CI runs the test and fails it at assert(), naming the tool and its package', () => {
    const check = needTools(['gdalwarp'], env('1'));
    expect([check.skip, check.note]).toEqual([false, '']);
    expect(() => check.assert()).toThrow(
      'gdalwarp is not installed (apt-get install gdal-bin); under CI the tests that need it fail rather than skip',
    );
    expect(() => needTools(['pdftotext'], env('1')).assert()).not.toThrow();
  });

  it('takes CI as set unless empty, 0 or false', () => {
    expect(['1', 'true', 'yes'].map((v) => underCi({ CI: v }))).toEqual([true, true, true]);
    expect(['', '0', 'false', 'FALSE'].map((v) => underCi({ CI: v }))).toEqual([false, false, false, false]);
    expect(underCi({})).toBe(false);
  });
});

describe('needSharedData', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('names what is absent, only when it is', () => {
    vi.stubEnv('PAYESH_SHARED_DATA', bin);
    writeFileSync(join(bin, 'README.md'), '');
    expect(needSharedData()).toEqual({ skip: false, note: '' });
    expect(needSharedData('models/tinycd/levir_best.pth')).toEqual({
      skip: true,
      note: ` (skipped: models/tinycd/levir_best.pth is absent from PAYESH_SHARED_DATA (${bin}); see README, "Test data")`,
    });
    vi.stubEnv('PAYESH_SHARED_DATA', join(bin, 'nowhere'));
    expect(needSharedData().note).toBe(
      ` (skipped: PAYESH_SHARED_DATA (${join(bin, 'nowhere')}) is absent; see README, "Test data")`,
    );
  });
});
