import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkValue, RunRecordSchema, type RunRecord } from '@payesh/contract';

/**
 * run.json, with the whole command's time added. The record is held to the contract's schema before it
 * is written, so a job can never write a run.json that `payesh import` (which reads it with the same
 * schema) would refuse.
 */
export async function writeRunJson(dir: string, run: Record<string, unknown>, startedAt: number): Promise<RunRecord> {
  const timings = { ...(run.timings_ms as Record<string, number>), total: Math.round(performance.now() - startedAt) };
  const record = checkValue(RunRecordSchema, { ...run, timings_ms: timings }, 'run.json');
  await writeFile(join(dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
