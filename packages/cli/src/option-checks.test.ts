import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from './index.js';
import { runCaptured as run } from './testing/run-cli.js';

// Issue 14, item 14: a bad --out found only after the whole detection; a mistyped option reported as a missing one.
const dir = mkdtempSync(join(tmpdir(), 'payesh-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'a-file');
writeFileSync(file, 'not a folder');
// Inputs that do not exist: an --out error reported instead of theirs was checked before any raster was read.
const missing = join(dir, 'missing.tif');
const compareInputs = ['--parcels', join(dir, 'missing.geojson'), '--permits', join(dir, 'missing.csv')];

describe('--out is checked before any work', () => {
  for (const [command, extra] of [
    ['detect', []],
    ['compare', compareInputs],
  ] as const) {
    it(`${command} --out <an existing file> exits 2 with one line, before reading any input`, async () => {
      const r = await run([command, '--before', missing, '--after', missing, '--out', file, ...extra]);
      expect(r.err).toBe(`payesh: ${file}: the output folder is a file; give --out a folder (new, or one to add to)\n`);
      expect(r.code).toBe(EXIT.input);
    });

    it(`${command} --out <a folder inside a file> exits 2 with one line`, async () => {
      const r = await run([command, '--before', missing, '--after', missing, '--out', join(file, 'run'), ...extra]);
      expect(r.err).toBe(
        `payesh: ${join(file, 'run')}: the output folder is inside ${file}, which is a file; give --out a folder (new, or one to add to)\n`,
      );
      expect(r.code).toBe(EXIT.input);
    });
  }

  it('an existing folder stays a valid --out (outputs are added to it): the error is then the missing input', async () => {
    const folder = join(dir, 'existing');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'kept');
    const r = await run(['detect', '--before', missing, '--after', missing, '--out', folder]);
    expect(r.err).toBe(`payesh: ${missing}: file not found\n`);
    expect(readdirSync(folder)).toEqual(['notes.txt']);
  });
});

describe('mistyped options', () => {
  it('detect --befor is reported as an unknown option with the likely one, in one line, exit 2', async () => {
    const r = await run(['detect', '--befor', missing, '--after', missing, '--out', join(dir, 'x')]);
    expect(r.err).toBe("error: unknown option '--befor' (Did you mean --before?) (run with --help for usage)\n");
    expect(r.code).toBe(EXIT.input);
  });

  const everyCommand = [
    ['info', 'x.tif'],
    ['detect'],
    ['compare'],
    ['train'],
    ['model', 'import'],
    ['import', 'runs/x'],
    ['serve'],
    ['user', 'add', 'sara'],
    ['report', 'x'],
  ];
  for (const command of everyCommand) {
    it(`${command.join(' ')} --no-such-option: unknown option, one line, exit 2 (even with required options missing)`, async () => {
      const r = await run([...command, '--no-such-option']);
      expect(r.err).toBe("error: unknown option '--no-such-option' (run with --help for usage)\n");
      expect(r.code).toBe(EXIT.input);
    });
  }

  it('a missing required option is still reported, in one line', async () => {
    const r = await run(['detect', '--after', missing, '--out', join(dir, 'x')]);
    expect(r.err).toBe("error: required option '--before <tif>' not specified (run with --help for usage)\n");
    expect(r.code).toBe(EXIT.input);
  });

  it('a stray argument is reported in one line', async () => {
    const r = await run(['detect', '--before', missing, '--after', missing, '--out', join(dir, 'x'), 'extra']);
    expect(r.err).toBe(
      "error: too many arguments for 'detect'. Expected 0 arguments but got 1. (run with --help for usage)\n",
    );
    expect(r.code).toBe(EXIT.input);
  });
});
