import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** ../shared/data beside the repository (override with PAYESH_SHARED_DATA). */
export function sharedDataDir(): string {
  const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
  return process.env['PAYESH_SHARED_DATA'] ?? join(repo, '..', 'shared', 'data');
}

/** True when ../shared/data is present; tests that need it say so clearly when it is not. */
export function hasSharedData(): boolean {
  return existsSync(join(sharedDataDir(), 'README.md'));
}

export const SHARED_DATA_MISSING = 'skipped: ../shared/data is not beside this clone (see README, "Test data")';
