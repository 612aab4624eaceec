import { readFileSync } from 'node:fs';
import { parseRunRecord, type CompareRunRecord } from '@payesh/contract';

/** A real compare record (the demo city's, fixtures/run-json) for runs the benchmarks import. */
export function readRunRecordFixture(): CompareRunRecord {
  return parseRunRecord(
    JSON.parse(readFileSync(new URL('../../../fixtures/run-json/compare_2026-11-29.json', import.meta.url), 'utf8')),
  ) as CompareRunRecord;
}
