import { echoInput } from '@payesh/core';
import type { ParcelProblem } from './read-parcels.js';

/**
 * The warning lines for the parcels a file had to have repaired or left out: one line for each kind,
 * with how many and the first (its feature number and parcel id), naming the file; run.json lists all.
 */
export function parcelProblemLines(path: string, problems: readonly ParcelProblem[]): string[] {
  const lines: string[] = [];
  for (const [action, words] of [
    ['rejected', 'left out'],
    ['repaired', 'repaired'],
  ] as const) {
    const some = problems.filter((p) => p.action === action);
    if (some.length === 0) continue;
    const first = some[0]!;
    const which = `feature ${first.feature}${first.parcelId === null ? '' : `, parcel "${echoInput(first.parcelId)}"`}`;
    lines.push(
      `${path}: ${some.length} parcel${some.length === 1 ? '' : 's'} ${words} (first: ${which}: ${first.message}); all listed in run.json`,
    );
  }
  return lines;
}
