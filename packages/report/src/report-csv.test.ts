import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportFlag } from './index.js';
import { memorySource } from './testing/memory-source.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-report-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => new URL(`../../../fixtures/expected/${name}`, import.meta.url);
const { flags } = JSON.parse(readFileSync(fixture('report-csv_input.json'), 'utf8')) as { flags: ReportFlag[] };

describe('the CSV report', () => {
  for (const lang of ['en', 'fa'] as const) {
    for (const dates of ['iso', 'both'] as const) {
      it(`writes byte for byte what main wrote (${lang}, dates ${dates}; fixtures/expected, made by f646ee3)`, async () => {
        const out = join(dir, `${lang}-${dates}.csv`);
        // Pages of two: the header once, then the rows of every page.
        await writeReport(
          memorySource(flags, undefined, 2),
          'csv',
          { lang, status: 'all', district: null, generatedOn: '2026-05-01', dates },
          out,
        );
        expect(readFileSync(out, 'utf8')).toBe(readFileSync(fixture(`report-csv_main_${lang}_${dates}.csv`), 'utf8'));
      });
    }
  }
});
