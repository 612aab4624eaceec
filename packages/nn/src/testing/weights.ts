import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '@payesh/testkit';

/** ../shared/data/models/tinycd beside the repository (PAYESH_SHARED_DATA overrides ../shared/data). */
export const TINYCD_DIR = join(sharedDataDir(), 'models', 'tinycd');
export const hasTinyCd = (): boolean => existsSync(join(TINYCD_DIR, 'levir_best.pth'));
export const TINYCD_MISSING = 'skipped: ../shared/data/models/tinycd is not beside this clone';
