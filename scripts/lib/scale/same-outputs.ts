import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What detect writes besides run.json (which holds timings and paths). */
const OUTPUTS = ['change-score.tif', 'change-mask.tif', 'changes.geojson'] as const;

/** The outputs of run folder `b` that are not byte for byte those of `a` (empty when all agree). */
export function sameOutputs(a: string, b: string): string[] {
  return OUTPUTS.filter((name) => !readFileSync(join(a, name)).equals(readFileSync(join(b, name))));
}
