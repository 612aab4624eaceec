import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data/models/tinycd beside the repository (PAYESH_SHARED_DATA overrides ../shared/data). */
export const TINYCD_DIR = join(
  process.env['PAYESH_SHARED_DATA'] ??
    join(resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..'), '..', 'shared', 'data'),
  'models',
  'tinycd',
);
export const hasTinyCd = (): boolean => existsSync(join(TINYCD_DIR, 'levir_best.pth'));
export const TINYCD_MISSING = 'skipped: ../shared/data/models/tinycd is not beside this clone';
