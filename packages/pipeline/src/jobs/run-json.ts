import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** run.json, with the whole command's time added. */
export async function writeRunJson(dir: string, run: Record<string, unknown>, startedAt: number): Promise<void> {
  const timings = { ...(run.timings_ms as Record<string, number>), total: Math.round(performance.now() - startedAt) };
  await writeFile(join(dir, 'run.json'), `${JSON.stringify({ ...run, timings_ms: timings }, null, 2)}\n`);
}
