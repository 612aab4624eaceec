import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The generated before/after pair of `size` pixels a side in `dir` (scripts/make-large-cog.ts: 3-band
 * uint8, 0.3 m, EPSG:32638, new roofs and 8% brighter after), made once and kept for the benchmarks.
 */
export function benchPair(dir: string, size: number, root: string): { before: string; after: string } {
  const before = join(dir, `pair-${size}_before.tif`);
  const after = join(dir, `pair-${size}_after.tif`);
  for (const [path, date] of [
    [before, 'before'],
    [after, 'after'],
  ] as const) {
    if (existsSync(path)) continue;
    console.error(`bench: generating ${path}`);
    execFileSync('pnpm', ['exec', 'tsx', 'scripts/make-large-cog.ts', path, String(size), date], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return { before, after };
}
