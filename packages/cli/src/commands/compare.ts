import type { Command } from 'commander';
import { DEFAULT_MAX_VERTICES, DEFAULT_RULES, type AssessmentRules } from '@payesh/core';
import { parcelProblemLines } from '@payesh/io';
import { runCompareJob } from '@payesh/pipeline';
import type { CommandContext } from '../context.js';
import { storeName } from '../existing-store.js';
import { importFolder } from './import.js';
import { addDetectOptions, atLeastOne, detectJobFrom, nonNegativeNumber, type DetectFlags } from './detect-options.js';
import { addQueueOptions, compareSummary, runQueued, type QueueFlags } from './queue-options.js';

interface CompareFlags extends DetectFlags, QueueFlags {
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
    .description(
      'flag parcels with construction that no permit covers, or beyond its permit: all that detect writes, plus flags.geojson and flags.csv',
    )
    .requiredOption(
      '--parcels <file>',
      'parcels: GeoJSON (RFC 7946 or with a declared CRS) or Shapefile (.shp beside .dbf and .prj)',
    )
    .requiredOption(
      '--permits <file>',
      'permits: CSV or JSON (permit_id, parcel_id, issued_on, expires_on, permitted_area_m2, floors, status[, footprint])',
    )
    .option('--parcel-id-field <name>', 'the parcels field holding the parcel id', 'parcel_id')
    .option(
      '--before-date <date>',
      'date of the before image, ISO (2024-06-01) or Solar Hijri (1403/03/12); default its GeoTIFF DateTime tag',
    )
    .option('--after-date <date>', 'date of the after image; default its GeoTIFF DateTime tag')
    .option('--strict', 'stop at the first bad permit row instead of reporting it and leaving it out')
    .option(
      '--min-new-m2 <n>',
      'smallest new construction on a parcel that is flagged (m2)',
      String(DEFAULT_RULES.minNewM2),
    )
    .option(
      '--exceed-share <f>',
      'exceeds-permit: tolerance as a share of the permitted area',
      String(DEFAULT_RULES.exceedShare),
    )
    .option('--exceed-min-m2 <n>', 'exceeds-permit: least tolerance in m2', String(DEFAULT_RULES.exceedMinM2))
    .option(
      '--footprint-buffer-m <m>',
      'permit footprints are widened by this much for misregistration (m)',
      String(DEFAULT_RULES.footprintBufferM),
    )
    .option(
      '--max-parcel-vertices <n>',
      'a parcel with more corners than this is left out with a warning',
      String(DEFAULT_MAX_VERTICES),
    )
    .option(
      '--db <file>',
      'also import the run into this store (a SQLite file or a postgres:// URL; for payesh serve)',
    );
  addQueueOptions(addDetectOptions(command)).action(async (flags: CompareFlags) => {
    const { job, progress } = detectJobFrom(flags, ctx, version, 'compare');
    const rules: Partial<AssessmentRules> = {
      minNewM2: nonNegativeNumber(flags.minNewM2, '--min-new-m2'),
      exceedShare: nonNegativeNumber(flags.exceedShare, '--exceed-share'),
      exceedMinM2: nonNegativeNumber(flags.exceedMinM2, '--exceed-min-m2'),
      footprintBufferM: nonNegativeNumber(flags.footprintBufferM, '--footprint-buffer-m'),
    };
    const compareJob = {
      ...job,
      parcels: flags.parcels,
      permits: flags.permits,
      parcelIdField: flags.parcelIdField,
      beforeDate: flags.beforeDate,
      afterDate: flags.afterDate,
      strict: flags.strict,
      rules,
      maxParcelVertices: atLeastOne(flags.maxParcelVertices, '--max-parcel-vertices'),
    };
    if (flags.queue !== undefined) {
      const { signal: _signal, onProgress: _onProgress, ...queued } = compareJob;
      const assembled = await runQueued('compare', queued, flags, ctx, progress);
      if (!assembled) return;
      compareSummary(assembled, flags.parcels, flags.permits, flags.out, ctx);
      if (flags.db) await importInto(flags.out, flags.db, ctx);
      return;
    }
    const result = await runCompareJob(compareJob);
    progress.done();
    for (const line of parcelProblemLines(flags.parcels, result.parcels.problems)) ctx.stderr(`${line}\n`);
    if (result.permits.rejected.length)
      ctx.stderr(
        `${flags.permits}: ${result.permits.rejected.length} row${result.permits.rejected.length === 1 ? '' : 's'} left out (first: line ${result.permits.rejected[0]!.line}: ${result.permits.rejected[0]!.message}); all listed in run.json\n`,
      );
    const counts = Object.entries(result.byViolation)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${v}`)
      .join(', ');
    ctx.stdout(
      `${result.flags} flag${result.flags === 1 ? '' : 's'}${counts ? ` (${counts})` : ''} on ${result.parcels.set.parcels.length} parcels, written to ${flags.out}\n`,
    );
    if (flags.db) await importInto(flags.out, flags.db, ctx);
  });
}

/** `--db`: the run folder imported into the store, and a line saying so (the store named without its password). */
async function importInto(out: string, db: string, ctx: CommandContext): Promise<void> {
  const imported = await importFolder(out, db);
  ctx.stdout(
    `run "${imported.id}" ${imported.created ? 'imported into' : imported.changed ? 'updated in' : 'unchanged in'} ${storeName(db)}\n`,
  );
}
