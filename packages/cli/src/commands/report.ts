import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { writeReport, type ReportFormat, type ReportLang } from '@payesh/report';
import { openStore, type FlagStatus } from '@payesh/store';
import type { CommandContext } from '../context.js';
import { progressReporter } from '../progress.js';
import { storeReportSource } from '@payesh/server';

interface ReportOptions {
  db: string;
  run: string;
  status: string;
  district?: string;
  format: string;
  lang: string;
  out: string;
  quiet?: boolean;
}

const STATUSES = ['confirmed', 'pending', 'dismissed', 'field-visit', 'all'];

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description('violation report of a run for the commission: PDF with evidence, CSV or GeoJSON, in Persian or English')
    .option('--db <file>', 'the SQLite store', 'payesh.db')
    .requiredOption('--run <name>', 'the run (see payesh import)')
    .option('--status <s>', `which flags: ${STATUSES.join(' | ')}`, 'confirmed')
    .option('--district <d>', 'only this district')
    .requiredOption('--format <f>', 'pdf | csv | geojson')
    .option('--lang <l>', 'fa | en', 'fa')
    .requiredOption('--out <file>', 'the report file (written whole or not at all)')
    .option('--quiet', 'no progress bar')
    .action(async (options: ReportOptions) => {
      if (!['pdf', 'csv', 'geojson'].includes(options.format)) throw new InputError(`--format must be pdf, csv or geojson, got "${options.format}"`);
      if (!['fa', 'en'].includes(options.lang)) throw new InputError(`--lang must be fa or en, got "${options.lang}"`);
      if (!STATUSES.includes(options.status)) throw new InputError(`--status must be one of ${STATUSES.join(', ')}, got "${options.status}"`);
      const store = openStore(options.db);
      const source = await storeReportSource(store, options.run, { status: options.status === 'all' ? undefined : [options.status as FlagStatus], district: options.district });
      const progress = progressReporter(options.quiet ? { ...ctx, isTerminal: false } : ctx, 'report');
      try {
        const { flags } = await writeReport(source, options.format as ReportFormat, { lang: options.lang as ReportLang, status: options.status, district: options.district ?? null, generatedOn: new Date().toISOString().slice(0, 10) }, options.out, (done) => progress('flags', done, Math.max(done, 1)));
        progress.done();
        ctx.stdout(flags ? `${flags} flag${flags === 1 ? '' : 's'} reported in ${options.out}\n` : `no flag matches this selection; ${options.out} says so\n`);
      } finally {
        await source.close();
        store.close();
      }
    });
}
