import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** ../shared/data beside the repository (override with PAYESH_SHARED_DATA). */
export function sharedDataDir(): string {
  const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
  return process.env['PAYESH_SHARED_DATA'] ?? join(repo, '..', 'shared', 'data');
}

export interface DataCheck {
  /** Skip the tests: the data is absent (CI has none either: it is not ours to copy). */
  readonly skip: boolean;
  /** For a test's title: ' (skipped: ... is absent ...)' when skipping, else ''. */
  readonly note: string;
}

/** Whether `path` (the data's README by default) is in the shared data, and a truthful note for skipped tests. */
export function needSharedData(path = 'README.md'): DataCheck {
  const present = existsSync(join(sharedDataDir(), path));
  const where =
    process.env['PAYESH_SHARED_DATA'] === undefined
      ? '../shared/data (beside this clone)'
      : `PAYESH_SHARED_DATA (${sharedDataDir()})`;
  const what = path === 'README.md' ? `${where} is absent` : `${path} is absent from ${where}`;
  return { skip: !present, note: present ? '' : ` (skipped: ${what}; see README, "Test data")` };
}
