import type { RunRecord } from '@payesh/contract';
import { DETECT_OUTPUTS, detectIntoStaging } from './detect-into-staging.js';
import type { DetectJob } from './detect-options.js';
import { stageFolder } from './output-folder.js';
import { writeRunJson } from './run-json.js';

export interface DetectJobResult {
  readonly regions: number;
  readonly changedAreaM2: number;
  readonly run: RunRecord;
}

/**
 * `payesh detect` as a job: reads the pair, detects change on the before grid and writes
 * change-score.tif, change-mask.tif, changes.geojson and run.json into `out` (all or nothing).
 */
export async function runDetectJob(job: DetectJob): Promise<DetectJobResult> {
  const folder = await stageFolder(job.out, { overwrite: job.overwrite });
  try {
    const detected = await detectIntoStaging(job, folder.staging);
    const run = { ...detected.run, outputs: [...DETECT_OUTPUTS, 'run.json'] };
    const record = await writeRunJson(folder.staging, run, detected.startedAt);
    await folder.commit();
    return { regions: detected.result.regions.length, changedAreaM2: detected.changedAreaM2, run: record };
  } catch (error) {
    await folder.discard();
    throw error;
  }
}
