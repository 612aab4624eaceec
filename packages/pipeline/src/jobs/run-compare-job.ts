import { VIOLATIONS, type RunRecord } from '@payesh/contract';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assessParcels,
  DEFAULT_RULES,
  flagsToFeatures,
  InputError,
  parseCalendarDate,
  placeParcels,
  placePermits,
  type AssessmentRules,
  type IsoDate,
  type Period,
} from '@payesh/core';
import {
  flagsToCsv,
  openGeoTiff,
  readParcels,
  readPermits,
  redactUrl,
  type ParcelReadResult,
  type PermitReadResult,
} from '@payesh/io';
import { DETECT_OUTPUTS, detectIntoStaging } from './detect-into-staging.js';
import type { DetectJob } from './detect-options.js';
import { checkOutputFolder, stageFolder } from './output-folder.js';
import { writeRunJson } from './run-json.js';

export interface CompareJob extends DetectJob {
  readonly parcels: string;
  readonly permits: string;
  readonly parcelIdField?: string;
  /** Most corners one parcel may have (default DEFAULT_MAX_VERTICES); a parcel with more is left out. */
  readonly maxParcelVertices?: number;
  /** Image dates in either calendar; else each GeoTIFF's DateTime tag. */
  readonly beforeDate?: string;
  readonly afterDate?: string;
  /** A bad permit row stops the run instead of being reported and left out. */
  readonly strict?: boolean;
  readonly rules?: Partial<AssessmentRules>;
}

export interface CompareJobResult {
  readonly flags: number;
  readonly byViolation: Readonly<Record<string, number>>;
  readonly parcels: ParcelReadResult;
  readonly permits: PermitReadResult;
  readonly run: RunRecord;
}

/** At most this many rejected rows are listed in run.json (all are counted). */
const LISTED_PROBLEMS = 1000;

async function imageDate(path: string, given: string | undefined, option: string, job: CompareJob): Promise<IsoDate> {
  if (given !== undefined) {
    const iso = parseCalendarDate(given);
    if (!iso) throw new InputError(`${option} "${given}" is not a date (ISO 2025-03-01 or Solar Hijri 1403/12/11)`);
    return iso;
  }
  const reader = await openGeoTiff(path, { signal: job.signal, limits: job.options.rasterLimits });
  const tag = reader.info().dateTime;
  await reader.close();
  const iso = tag ? parseCalendarDate(tag) : null;
  if (!iso)
    throw new InputError(
      `the image has ${tag ? `an unreadable DateTime tag ("${tag}")` : 'no DateTime tag'}; give its date with ${option}`,
      { file: redactUrl(path) },
    );
  return iso;
}

/**
 * `payesh compare`: everything `detect` writes, then each change against the parcels and their
 * permits, into flags.geojson and flags.csv, with run.json extended by the parcel and permit counts,
 * every rejected row and the totals per violation. Inputs are all read and checked before any
 * detection starts; the folder appears whole or not at all.
 */
export async function runCompareJob(job: CompareJob): Promise<CompareJobResult> {
  const started = performance.now();
  const rules: AssessmentRules = { ...DEFAULT_RULES, ...job.rules };
  await checkOutputFolder(job.out, { overwrite: job.overwrite });
  const parcels = await readParcels(job.parcels, {
    idField: job.parcelIdField,
    maxVertices: job.maxParcelVertices,
    signal: job.signal,
  });
  if (parcels.set.parcels.length === 0) throw new InputError('no usable parcel in the file', { file: job.parcels });
  const permits = await readPermits(job.permits, {
    parcelIds: new Set(parcels.set.parcels.map((p) => p.id)),
    strict: job.strict,
    signal: job.signal,
  });
  const period: Period = {
    beforeOn: await imageDate(job.options.before, job.beforeDate, '--before-date', job),
    afterOn: await imageDate(job.options.after, job.afterDate, '--after-date', job),
  };
  if (period.beforeOn >= period.afterOn)
    throw new InputError(
      `the before image (${period.beforeOn}) must be older than the after image (${period.afterOn})`,
    );
  const readMs = performance.now() - started;

  const folder = await stageFolder(job.out, { overwrite: job.overwrite });
  try {
    const detected = await detectIntoStaging(job, folder.staging);
    const assessStarted = performance.now();
    const grid = detected.alignment.beforeGrid;
    const placed = placeParcels(parcels.set, grid);
    const flags = assessParcels({
      parcels: placed,
      permits: placePermits(permits.permits, parcels.set.crs, grid, rules.footprintBufferM),
      regions: detected.result.regions,
      period,
      pixelAreaM2: detected.alignment.gsdM ** 2,
      rules,
    });
    const features = flagsToFeatures(flags, grid);
    await writeFile(
      join(folder.staging, 'flags.geojson'),
      `${JSON.stringify({ type: 'FeatureCollection', features })}\n`,
    );
    await writeFile(join(folder.staging, 'flags.csv'), flagsToCsv(features));
    const byViolation = Object.fromEntries(VIOLATIONS.map((v) => [v, flags.filter((f) => f.violation === v).length]));
    const inScene = placed.filter(
      (p) => p.boundsPx[2] > 0 && p.boundsPx[3] > 0 && p.boundsPx[0] < grid.width && p.boundsPx[1] < grid.height,
    ).length;
    const detectTimings = detected.run.timings_ms as Record<string, number>;
    const run = {
      ...detected.run,
      command: 'compare',
      period: {
        before_on: period.beforeOn,
        after_on: period.afterOn,
        before_from: job.beforeDate === undefined ? 'geotiff DateTime' : '--before-date',
        after_from: job.afterDate === undefined ? 'geotiff DateTime' : '--after-date',
      },
      rules: {
        min_new_m2: rules.minNewM2,
        exceed_share: rules.exceedShare,
        exceed_min_m2: rules.exceedMinM2,
        footprint_buffer_m: rules.footprintBufferM,
        min_outside_m2: rules.minOutsideM2,
        min_encroachment_m2: rules.minEncroachmentM2,
        min_demolition_m2: rules.minDemolitionM2,
      },
      parcels: {
        path: job.parcels,
        crs: parcels.set.crs.epsg ? `EPSG:${parcels.set.crs.epsg}` : parcels.set.crs.name,
        id_field: job.parcelIdField ?? 'parcel_id',
        features: parcels.features,
        used: parcels.set.parcels.length,
        in_scene: inScene,
        repaired: parcels.problems.filter((p) => p.action === 'repaired').length,
        rejected: parcels.problems.filter((p) => p.action === 'rejected').length,
        problems: parcels.problems
          .slice(0, LISTED_PROBLEMS)
          .map((p) => ({ feature: p.feature, parcel_id: p.parcelId, action: p.action, message: p.message })),
      },
      permits: {
        path: job.permits,
        rows: permits.rows,
        used: permits.permits.length,
        rejected: permits.rejected.length,
        rejected_rows: permits.rejected
          .slice(0, LISTED_PROBLEMS)
          .map((p) => ({ line: p.line, permit_id: p.permitId, message: p.message })),
      },
      flags: {
        total: flags.length,
        by_violation: byViolation,
        violations: flags.filter((f) => f.category === 'violation').length,
      },
      timings_ms: {
        read_inputs: Math.round(readMs),
        ...detectTimings,
        assess: Math.round(performance.now() - assessStarted),
      },
      outputs: [...DETECT_OUTPUTS, 'flags.geojson', 'flags.csv', 'run.json'],
    };
    const record = await writeRunJson(folder.staging, run, started);
    await folder.commit();
    return { flags: flags.length, byViolation, parcels, permits, run: record };
  } catch (error) {
    await folder.discard();
    throw error;
  }
}
