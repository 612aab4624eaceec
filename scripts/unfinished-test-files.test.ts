import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'payesh-unfinished-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the unfinished test files reporter', () => {
  it('names the file whose process died, after the summary, and stays silent when every file finished', () => {
    writeFileSync(
      join(dir, 'dies.test.ts'),
      `import { it } from 'vitest';
it('passes first', () => {});
it('then its process dies', () => { process.kill(process.pid, 'SIGKILL'); });
it('never runs', () => {});
`,
    );
    writeFileSync(join(dir, 'lives.test.ts'), `import { it } from 'vitest';\nit('passes', () => {});\n`);
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        [
          join(root, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--root',
          dir,
          '--reporter',
          'default',
          '--reporter',
          join(root, 'scripts/unfinished-test-files.ts'),
          file,
        ],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' } },
      );
    const died = run('dies.test.ts');
    expect(died.status).not.toBe(0);
    const output = died.stdout + died.stderr;
    expect(output).toContain('Worker exited unexpectedly');
    const tail = output.slice(output.lastIndexOf('Test files that started and never finished'));
    expect(tail.split('\n').slice(0, 2)).toEqual([
      'Test files that started and never finished (their process died):',
      expect.stringMatching(/^ {2}.*: dies\.test\.ts \(tests: .*pending.*\)$/),
    ]);
    const lived = run('lives.test.ts');
    expect(lived.status).toBe(0);
    expect(lived.stdout + lived.stderr).not.toContain('never finished');
  }, 60_000);
});
