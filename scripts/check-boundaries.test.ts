import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundaries } from './check-boundaries.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const pkg = (
  name: string,
  deps: string[] = [],
  devDeps: string[] = [],
  exports: Record<string, string> = { '.': './src/index.ts' },
): string =>
  JSON.stringify({
    name: `@payesh/${name}`,
    exports,
    dependencies: Object.fromEntries(deps.map((d) => [`@payesh/${d}`, 'workspace:*'])),
    devDependencies: Object.fromEntries(devDeps.map((d) => [`@payesh/${d}`, 'workspace:*'])),
  });

/** A repository of the given files (path -> text) in a temp folder. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'payesh-boundaries-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** What every tree below has: core, io (tests on testkit), testkit (on io), web, cli and a script. */
const base: Record<string, string> = {
  'package.json': JSON.stringify({
    devDependencies: { '@payesh/io': 'workspace:*', '@payesh/testkit': 'workspace:*' },
  }),
  'packages/core/package.json': pkg('core', [], [], { '.': './src/index.ts', './labels': './src/labels.ts' }),
  'packages/core/src/index.ts': 'export const a = 1;\n',
  'packages/core/src/labels.ts': 'export const words = {};\n',
  'packages/core/src/index.test.ts': "import { a } from './index.js';\nimport { x } from './testing/helper.js';\n",
  'packages/core/src/testing/helper.ts': 'export const x = 1;\n',
  'packages/io/package.json': pkg('io', ['core'], ['testkit'], {
    '.': './src/index.ts',
    './testing': './src/testing.ts',
  }),
  'packages/io/src/index.ts': "import { a } from '@payesh/core';\nexport const b = a;\n",
  'packages/io/src/testing.ts': "export { b } from './index.js';\n",
  'packages/io/src/read.test.ts': "import { city } from '@payesh/testkit';\nimport { b } from './index.js';\n",
  'packages/web/src/e2e/page.test.ts': "import { b } from '@payesh/io/testing';\n",
  'packages/testkit/package.json': pkg('testkit', ['core', 'io']),
  'packages/testkit/src/index.ts': "import { b } from '@payesh/io';\nexport const city = b;\n",
  'packages/web/package.json': pkg('web', ['core'], ['io']),
  'packages/web/src/main.ts': "import type { A } from '@payesh/core';\nimport { words } from '@payesh/core/labels';\n",
  'packages/cli/package.json': pkg('cli', ['core', 'io'], ['testkit']),
  'packages/cli/src/index.ts': "export { b } from '@payesh/io';\n",
  'packages/cli/src/run.test.ts': "import { b } from '@payesh/io/testing';\nimport { city } from '@payesh/testkit';\n",
  'scripts/lib/helper.ts': 'export const h = 1;\n',
  'scripts/bench.ts':
    "import { b } from '@payesh/io';\nimport { city } from '@payesh/testkit';\nimport { h } from './lib/helper.js';\n",
};

describe('the boundary check', () => {
  it('passes the allowed shape: tests on testkit, testkit on io, test helpers by ./testing, scripts by name', () => {
    expect(checkBoundaries(tree(base))).toEqual([]);
  });

  it('names the file and the edge of each forbidden import', () => {
    const root = tree({
      ...base,
      'packages/io/src/bad.ts': "import { s } from '@payesh/cli';\nimport { t } from '@payesh/io/testing';\n",
      'packages/io/src/reach.ts': "import { x } from '../../cli/src/index.js';\n",
      'packages/core/src/fs.ts': "import { readFileSync } from 'node:fs';\n",
      'packages/core/src/kit.test.ts': "import { city } from '@payesh/testkit';\n",
      'packages/web/src/run.ts': "export type T = string;\nimport { a } from '@payesh/core';\n",
      'packages/io/src/uses-helper.ts': "import { b } from './testing.js';\n",
      'packages/cli/test/reach.test.ts':
        "import { b } from '../../io/src/testing.js';\nimport { h } from '../../../scripts/lib/helper.js';\n",
      'packages/cli/test/undeclared.test.ts':
        "import { s } from '@payesh/web';\nimport { d } from '@payesh/io/src/deep.js';\n",
      'scripts/demo.ts': "import { c } from '../packages/cli/src/index.js';\nimport { d } from '@payesh/cli';\n",
    });
    expect(checkBoundaries(root).sort()).toEqual([
      'import cycle cli -> io -> cli: packages/cli/src/index.ts imports @payesh/io; packages/io/src/bad.ts imports @payesh/cli',
      'packages/cli/test/reach.test.ts: cli (test) -> ../../../scripts/lib/helper.js: reaches outside packages/cli (scripts/lib/helper.js); test code shared with scripts belongs in @payesh/testkit',
      'packages/cli/test/reach.test.ts: cli (test) -> ../../io/src/testing.js: reaches outside packages/cli (packages/io/src/testing.js); import @payesh/io by name (shared test helpers: @payesh/testkit, or @payesh/io/testing)',
      'packages/cli/test/undeclared.test.ts: cli (test) -> @payesh/io/src/deep.js: @payesh/io does not export ./src/deep.js (exports: ., ./testing)',
      'packages/cli/test/undeclared.test.ts: cli (test) -> @payesh/web: @payesh/web is not listed in packages/cli/package.json',
      'packages/core/src/fs.ts: core -> node:fs: core stays pure (no node:*, fs, path, child_process, geotiff, sharp, express, better-sqlite3, onnxruntime-node)',
      'packages/core/src/kit.test.ts: core (test) -> @payesh/testkit: @payesh/testkit is not listed in packages/core/package.json',
      "packages/core/src/kit.test.ts: core (test) -> @payesh/testkit: core's tests import no workspace package either (core stays a leaf)",
      'packages/io/src/bad.ts: io -> @payesh/cli: @payesh/cli is not listed in packages/io/package.json',
      'packages/io/src/bad.ts: io -> @payesh/cli: io may import core, contract',
      'packages/io/src/bad.ts: io -> @payesh/io/testing: imports its own package by name; use a relative path',
      'packages/io/src/reach.ts: io -> ../../cli/src/index.js: reaches outside packages/io/src (packages/cli/src/index.js); import @payesh/cli by name',
      'packages/io/src/uses-helper.ts: io -> ./testing.js: runtime code never imports test code (packages/io/src/testing.js)',
      'packages/web/src/run.ts: web -> @payesh/core: web may import only types (import type ...), and @payesh/core/labels',
      'scripts/demo.ts: scripts -> ../packages/cli/src/index.js: reaches into the files of packages/cli; import @payesh/cli by name',
      'scripts/demo.ts: scripts -> @payesh/cli: @payesh/cli is not listed in the root package.json',
    ]);
  });

  it('finds a cycle between runtime imports and names the files that make it', () => {
    const root = tree({
      ...base,
      'packages/core/package.json': pkg('core', ['io']),
      'packages/core/src/back.ts': "import { b } from '@payesh/io';\n",
    });
    const problems = checkBoundaries(root);
    expect(problems).toContain('packages/core/src/back.ts: core -> @payesh/io: core may import no workspace package');
    expect(problems).toContain(
      'import cycle core -> io -> core: packages/core/src/back.ts imports @payesh/io; packages/io/src/index.ts imports @payesh/core',
    );
  });

  it('wants every package in the table, and test helpers exported only as ./testing from test code', () => {
    const root = tree({
      ...base,
      'packages/extra/package.json': pkg('extra'),
      'packages/extra/src/index.ts': '',
      'packages/testkit/package.json': pkg('testkit', ['core', 'io'], [], {
        '.': './src/index.ts',
        './helpers': './test/helpers.ts',
        './testing': './src/index.ts',
      }),
    });
    expect(checkBoundaries(root).sort()).toEqual([
      'packages/extra: not in the allowed-imports table of scripts/check-boundaries.ts',
      'packages/testkit/package.json: export ./helpers -> ./test/helpers.ts: test helpers are exported as ./testing (src/testing.ts), and ./testing only from test code',
      'packages/testkit/package.json: export ./testing -> ./src/index.ts: test helpers are exported as ./testing (src/testing.ts), and ./testing only from test code',
    ]);
  });
});
