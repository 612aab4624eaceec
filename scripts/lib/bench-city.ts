import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCompareJob } from '@payesh/pipeline';
import { writeCity } from '@payesh/testkit';

/**
 * The demo city (4096 px, seed 1403) and its compare run in `benchDir`, made once and kept for the
 * benchmarks that serve it (bench:tiles, bench:web). Returns the run folder and the city folder.
 */
export async function benchCityRun(benchDir: string): Promise<{ run: string; city: string }> {
  const run = join(benchDir, 'tiles-city-run');
  const city = join(benchDir, 'tiles-city');
  if (!existsSync(join(run, 'flags.geojson'))) {
    console.error('bench: generating the demo city and running compare');
    const files = await writeCity(city, { size: 4096, pixelM: 0.5, seed: 1403 });
    await runCompareJob({
      options: { before: files.before, after: files.after, minAreaM2: 20 },
      parcels: files.parcels,
      permits: files.permits,
      out: run,
      overwrite: true,
      version: 'bench',
    });
  }
  return { run, city };
}
