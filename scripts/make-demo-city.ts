/**
 * Generates the Khoy demo city (deterministic from the seed): a two-date 0.5 m scene in UTM 38N
 * with parcels, permits and the truth. See packages/testkit/src/demo-city/.
 *
 * Run: pnpm demo:city [--out runs/demo-city/input] [--size 4096] [--seed 1403] [--force]
 * (an existing city with the same size and seed is kept unless --force).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCity } from '@payesh/testkit';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'runs/demo-city/input' },
    size: { type: 'string', default: '4096' },
    seed: { type: 'string', default: '1403' },
    'pixel-m': { type: 'string', default: '0.5' },
    force: { type: 'boolean', default: false },
  },
});
const truthPath = join(values.out!, 'truth.json');
if (!values.force && existsSync(truthPath)) {
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { size_px: number; seed: number; pixel_m: number };
  if (
    truth.size_px === Number(values.size) &&
    truth.seed === Number(values.seed) &&
    truth.pixel_m === Number(values['pixel-m'])
  ) {
    console.log(`demo city: kept the one in ${values.out} (same size and seed; --force makes it anew)`);
    process.exit(0);
  }
}
const started = performance.now();
const city = await writeCity(values.out!, {
  size: Number(values.size),
  pixelM: Number(values['pixel-m']),
  seed: Number(values.seed),
});
const planted = city.plan.truth.filter((t) => t.expected !== null && t.expected !== 'demolition').length;
console.log(
  `demo city: ${values.size}x${values.size} px, ${city.plan.parcels.length} parcels, ${city.plan.permits.length} permits, ${planted} planted violations, in ${values.out} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
