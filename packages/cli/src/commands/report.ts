import { statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import {
  VIOLATIONS,
  type ListsEvery,
  type ReportDates,
  type ReportFormat,
  type ReportLang,
  type ReportStatus,
  type Violation,
} from '@payesh/contract';
import { reportFileName, writeReport } from '@payesh/report';
import { openStore } from '@payesh/store';
import { checkStoreExists, DB_OPTION_HELP } from '../existing-store.js';
import type { CommandContext } from '../context.js';
import { progressReporter } from '../progress.js';
import { countReportFlags, selectionQuery, storeReportSource } from '@payesh/server';

interface ReportOptions {
  db: string;
  run: string;
  status: string;
  violation?: string;
  district?: string;
  format: string;
  lang?: string;
  dates: string;
  out: string;
  quiet?: boolean;
}

/** In the order the help lists them (confirmed first: the default); every report status. */
const STATUSES = ['confirmed', 'pending', 'dismissed', 'field-visit', 'all'] as const satisfies readonly ReportStatus[];
true satisfies ListsEvery<ReportStatus, typeof STATUSES>;

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description(
      'violation report of a run for the commission: PDF with evidence, CSV or GeoJSON, in Persian or English',
    )
    .option('--db <file>', DB_OPTION_HELP, 'payesh.db')
    .requiredOption('--run <name>', 'the run (see payesh import)')
    .option('--status <s>', `which flags: ${STATUSES.join(' | ')}`, 'confirmed')
    .option('--violation <v>', `only these violations, comma-separated: ${VIOLATIONS.join(', ')}`)
    .option('--district <d>', 'only this district')
    .requiredOption('--format <f>', 'pdf | csv | geojson')
    .option('--lang <l>', 'fa | en (default: fa for PDF; CSV headers and words stay English unless asked)')
    .option('--dates <d>', 'CSV: iso | both (Solar Hijri columns beside the ISO dates)', 'iso')
    .requiredOption(
      '--out <file>',
      'the report file (written whole or not at all), or a folder: <run>_<status>[_<violation>][_<district>]_<date>.<ext> in it',
    )
    .option('--quiet', 'no progress bar')
    .action(async (options: ReportOptions) => {
      if (!['pdf', 'csv', 'geojson'].includes(options.format))
        throw new InputError(`--format must be pdf, csv or geojson, got "${options.format}"`);
      if (options.lang !== undefined && !['fa', 'en'].includes(options.lang))
        throw new InputError(`--lang must be fa or en, got "${options.lang}"`);
      if (!(STATUSES as readonly string[]).includes(options.status))
        throw new InputError(`--status must be one of ${STATUSES.join(', ')}, got "${options.status}"`);
      if (!['iso', 'both'].includes(options.dates))
        throw new InputError(`--dates must be iso or both, got "${options.dates}"`);
      const named = options.violation ? [...new Set(options.violation.split(','))] : null;
      const unknown = named?.find((v) => !(VIOLATIONS as readonly string[]).includes(v));
      if (unknown !== undefined) throw new InputError(`--violation takes ${VIOLATIONS.join(', ')}; got "${unknown}"`);
      const violation = named as Violation[] | null;
      const format = options.format as ReportFormat;
      const lang = (options.lang ?? (format === 'pdf' ? 'fa' : 'en')) as ReportLang;
      const generatedOn = new Date().toISOString().slice(0, 10);
      const selection = { status: options.status as ReportStatus, violation, district: options.district ?? null };
      const isFolder = statSync(options.out, { throwIfNoEntry: false })?.isDirectory() === true;
      if (!isFolder) checkReportExtension(options.out, format);
      const out = isFolder
        ? join(options.out, reportFileName({ run: options.run, ...selection, date: generatedOn, format }).unicode)
        : options.out;
      // A report reads a store: a missing one is a mistake, not a new empty store.
      checkStoreExists(options.db, 'see payesh import');
      const store = await openStore(options.db);
      const source = await storeReportSource(store, options.run, selectionQuery(selection));
      const total = await countReportFlags(store, options.run, selection);
      const progress = progressReporter(options.quiet ? { ...ctx, isTerminal: false } : ctx, 'report');
      try {
        const { flags } = await writeReport(
          source,
          format,
          { lang, ...selection, generatedOn, dates: options.dates as ReportDates },
          out,
          (done) => progress('flags', done, Math.max(total, done, 1)),
        );
        progress.done();
        ctx.stdout(
          flags
            ? `${flags} flag${flags === 1 ? '' : 's'} reported in ${out}\n`
            : `no flag matches this selection; ${out} says so\n`,
        );
      } finally {
        await source.close();
        await store.close();
      }
    });
}

const EXTENSIONS: Record<ReportFormat, readonly string[]> = {
  pdf: ['.pdf'],
  csv: ['.csv'],
  geojson: ['.geojson', '.json'],
};

/** A report file's name must say what it holds, so a mistyped --out never replaces another kind of file. */
function checkReportExtension(out: string, format: ReportFormat): void {
  const allowed = EXTENSIONS[format];
  if (!allowed.includes(extname(out).toLowerCase())) {
    throw new InputError(
      `--out ${out}: a ${format} report is written to a file ending in ${allowed.join(' or ')} (or to a folder); refusing to write it under another name`,
    );
  }
}
