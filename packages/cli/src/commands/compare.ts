import type { Command } from 'commander';
import { DEFAULT_MAX_VERTICES, DEFAULT_RULES, type AssessmentRules } from '@payesh/core';
import { parcelProblemLines } from '@payesh/io';
import { runCompareJob } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { importFolder } from './import.js';
import { addDetectOptions, atLeastOne, detectJobFrom, nonNegativeNumber, type DetectOptions } from './detect-options.js';

interface CompareOptions extends DetectOptions {
  parcels: string;
  permits: string;
  parcelIdField: string;
  beforeDate?: string;
  afterDate?: string;
  strict?: boolean;
  minNewM2: string;
  exceedShare: string;
  exceedMinM2: string;
  footprintBufferM: string;
  maxParcelVertices: string;
  db?: string;
}

export function registerCompare(program: Command, ctx: CommandContext, version: string): void {
  const command = program
    .command('compare')
    .description('flag parcels with construction that no permit covers, or beyond its permit: all that detect writes, plus flags.geojson and flags.csv')
    .requiredOption('--parcels <file>', 'parcels: GeoJSON (RFC 7946 or with a declared CRS) or Shapefile (.shp beside .dbf and .prj)')
    .requiredOption('--permits <file>', 'permits: CSV or JSON (permit_id, parcel_id, issued_on, expires_on, permitted_area_m2, floors, status[, footprint])')
    .option('--parcel-id-field <name>', 'the parcels field holding the parcel id', 'parcel_id')
    .option('--before-date <date>', 'date of the before image, ISO (2024-06-01) or Solar Hijri (1403/03/12); default its GeoTIFF DateTime tag')
    .option('--after-date <date>', 'date of the after image; default its GeoTIFF DateTime tag')
    .option('--strict', 'stop at the first bad permit row instead of reporting it and leaving it out')
    .option('--min-new-m2 <n>', 'smallest new construction on a parcel that is flagged (m2)', String(DEFAULT_RULES.minNewM2))
    .option('--exceed-share <f>', 'exceeds-permit: tolerance as a share of the permitted area', String(DEFAULT_RULES.exceedShare))
    .option('--exceed-min-m2 <n>', 'exceeds-permit: least tolerance in m2', String(DEFAULT_RULES.exceedMinM2))
    .option('--footprint-buffer-m <m>', 'permit footprints are widened by this much for misregistration (m)', String(DEFAULT_RULES.footprintBufferM))
    .option('--max-parcel-vertices <n>', 'a parcel with more corners than this is left out with a warning', String(DEFAULT_MAX_VERTICES))
    .option('--db <file>', 'also import the run into this store (for payesh serve)');
  addDetectOptions(command).action(async (options: CompareOptions) => {
    const { job, progress } = detectJobFrom(options, ctx, version, 'compare');
    const rules: Partial<AssessmentRules> = {
      minNewM2: nonNegativeNumber(options.minNewM2, '--min-new-m2'),
      exceedShare: nonNegativeNumber(options.exceedShare, '--exceed-share'),
      exceedMinM2: nonNegativeNumber(options.exceedMinM2, '--exceed-min-m2'),
      footprintBufferM: nonNegativeNumber(options.footprintBufferM, '--footprint-buffer-m'),
    };
    const result = await runCompareJob({ ...job, parcels: options.parcels, permits: options.permits, parcelIdField: options.parcelIdField, beforeDate: options.beforeDate, afterDate: options.afterDate, strict: options.strict, rules, maxParcelVertices: atLeastOne(options.maxParcelVertices, '--max-parcel-vertices') });
    progress.done();
    for (const line of parcelProblemLines(options.parcels, result.parcels.problems)) ctx.stderr(`${line}\n`);
    if (result.permits.rejected.length) ctx.stderr(`${options.permits}: ${result.permits.rejected.length} row${result.permits.rejected.length === 1 ? '' : 's'} left out (first: line ${result.permits.rejected[0]!.line}: ${result.permits.rejected[0]!.message}); all listed in run.json\n`);
    const counts = Object.entries(result.byViolation).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(', ');
    ctx.stdout(`${result.flags} flag${result.flags === 1 ? '' : 's'}${counts ? ` (${counts})` : ''} on ${result.parcels.set.parcels.length} parcels, written to ${options.out}\n`);
    if (options.db) {
      const imported = await importFolder(options.out, options.db);
      ctx.stdout(`run "${imported.id}" ${imported.created ? 'imported into' : imported.changed ? 'updated in' : 'unchanged in'} ${options.db}\n`);
    }
  });
}
