import { z } from 'zod';
import { checkValue, ContractError } from './check-value.js';

/*
 * run.json: the record `payesh detect` and `payesh compare` write beside their outputs, field for field
 * as packages/io/src/jobs/detect-to-folder.ts and compare-to-folder.ts assemble it. Objects are loose:
 * a field this version does not know is kept, not refused (a newer Payesh may add some).
 *
 * Versions. run.json carries no version field; its absence is version 1. Fields were added within it,
 * and parseRunRecord brings an older file up to date (migrateRunRecord):
 * - detect before 2026-11-27 21:22 (162b89e): no parameters.workers, parameters.analysis_gsd_m, analysis;
 * - before 2026-11-29 13:13 (570fbb1): no shift_px.applied, radiometric_normalisation.applied (neural
 *   runs said it in method.inference.residual_shift_applied and .radiometric_normalisation).
 * A later change that removes or retypes a field writes `schema_version: 2`; this version refuses any
 * `schema_version` above RUN_RECORD_VERSION with a message saying so.
 */
export const RUN_RECORD_VERSION = 1;

const int = z.number().int();
const count = int.nonnegative();

/** An ISO 8601 calendar date, as the record writes days. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** One input image: its path (made absolute on import), digest, and `payesh info --json`'s reading. */
export const RunInputSchema = z.looseObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
  width: count,
  height: count,
  bands: count,
  dtype: z.string(),
  epsg: int.nullable(),
  crs: z.string().nullable(),
  geotransform: z.array(z.number()).length(6).nullable(),
  nodata: z.array(z.union([z.number(), z.enum(['nan', 'inf', '-inf']), z.null()])),
  overviews: count,
  compression: z.string(),
  crs_name: z.string().nullable(),
  overview_sizes: z.array(z.tuple([count, count])),
  block: z.tuple([count, count]),
  gcps: count,
  mask: z.enum(['internal', 'external']).nullable(),
  datetime: z.string().nullable(),
});
export type RunInput = z.infer<typeof RunInputSchema>;

/** The detection method: every method names itself; a learned model its file and training, a network its card and inference. */
export const MethodRecordSchema = z.looseObject({
  name: z.string(),
  description: z.string(),
  model: z.string().nullable(),
  /** Pixel methods: how a learned model (--model) was trained, else null. */
  model_training: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Neural models: the model card and how it ran. */
  model_card: z.record(z.string(), z.unknown()).optional(),
  inference: z
    .looseObject({ gsd_m: z.number(), model_px_per_grid_px: z.number(), gsd_matching: z.boolean() })
    .optional(),
});
export type MethodRecord = z.infer<typeof MethodRecordSchema>;

const detectFields = {
  /** The Payesh version that wrote the record. */
  payesh: z.string(),
  inputs: z.looseObject({ before: RunInputSchema, after: RunInputSchema }),
  method: MethodRecordSchema,
  parameters: z.looseObject({
    min_area_m2: z.number(),
    tile_size: count,
    /** Threads scoring windows; null in records from before it was written down. */
    workers: count.nullable(),
    analysis_gsd_m: z.number().nullable(),
    bands: z.looseObject({ red: count, green: count, blue: count, nir: count.nullable() }),
  }),
  grid: z.looseObject({ width: count, height: count, gsd_m: z.number(), epsg: int.nullable() }),
  analysis: z.looseObject({ gsd_m: z.number(), before_level: count, after_level: count }),
  overlap: z.looseObject({ col: int, row: int, width: count, height: count }),
  shift_px: z.looseObject({ dx: z.number(), dy: z.number(), blocks_agreeing: count, applied: z.boolean() }),
  radiometric_normalisation: z.looseObject({
    bands: z.array(z.looseObject({ gain: z.number(), offset: z.number() })),
    invariant_share: z.number().nullable(),
    applied: z.boolean(),
  }),
  stretch: z.looseObject({ low: z.number(), high: z.number() }),
  /** The score threshold (0..1) a pixel must pass to count as changed. */
  threshold: z.number().nullable(),
  score_encoding: z.looseObject({ scale: z.number(), nodata: z.number() }),
  results: z.looseObject({ regions: count, changed_area_m2: z.number(), changed_pixels: count }),
  /** Milliseconds per step and `total`. */
  timings_ms: z.record(z.string(), z.number()),
  /** The files the run wrote into its folder. */
  outputs: z.array(z.string()),
  schema_version: z.literal(RUN_RECORD_VERSION).optional(),
};

/** run.json of `payesh detect`. */
export const DetectRunRecordSchema = z.looseObject({ command: z.literal('detect'), ...detectFields });
export type DetectRunRecord = z.infer<typeof DetectRunRecordSchema>;

/** run.json of `payesh compare`: detect's record with the period, the rules, the parcels, the permits and the flags' totals. */
export const CompareRunRecordSchema = z.looseObject({
  command: z.literal('compare'),
  ...detectFields,
  period: z.looseObject({
    before_on: isoDate,
    after_on: isoDate,
    before_from: z.enum(['geotiff DateTime', '--before-date']),
    after_from: z.enum(['geotiff DateTime', '--after-date']),
  }),
  rules: z.looseObject({
    min_new_m2: z.number(),
    exceed_share: z.number(),
    exceed_min_m2: z.number(),
    footprint_buffer_m: z.number(),
    min_outside_m2: z.number(),
    min_encroachment_m2: z.number(),
    min_demolition_m2: z.number(),
  }),
  parcels: z.looseObject({
    path: z.string(),
    crs: z.string().nullable(),
    id_field: z.string(),
    features: count,
    used: count,
    in_scene: count,
    repaired: count,
    rejected: count,
    /** The first 1000 parcels repaired or left out (all are counted). */
    problems: z.array(
      z.looseObject({
        feature: count,
        parcel_id: z.string().nullable(),
        action: z.enum(['repaired', 'rejected']),
        message: z.string(),
      }),
    ),
  }),
  permits: z.looseObject({
    path: z.string(),
    rows: count,
    used: count,
    rejected: count,
    /** The first 1000 rows left out (all are counted). */
    rejected_rows: z.array(z.looseObject({ line: count, permit_id: z.string().nullable(), message: z.string() })),
  }),
  flags: z.looseObject({ total: count, by_violation: z.record(z.string(), count), violations: count }),
});
export type CompareRunRecord = z.infer<typeof CompareRunRecordSchema>;

export const RunRecordSchema = z.discriminatedUnion('command', [DetectRunRecordSchema, CompareRunRecordSchema]);
export type RunRecord = z.infer<typeof RunRecordSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `o` with `fields` added where missing (after its own keys); `o` itself when nothing is missing. */
function withDefaults(o: unknown, fields: Record<string, unknown>): unknown {
  if (!isObject(o)) return o;
  const missing = Object.entries(fields).filter(([k]) => !(k in o));
  return missing.length ? { ...o, ...Object.fromEntries(missing) } : o;
}

/**
 * An older version-1 record brought up to date (see the list at the top of this file): only missing
 * fields are added, after the others; a current record comes back as the same object. Anything that
 * is not a record comes back as it is (parseRunRecord then says what is wrong).
 */
export function migrateRunRecord(value: unknown): unknown {
  if (!isObject(value)) return value;
  const record = value;
  const inference = isObject(record.method) && isObject(record.method.inference) ? record.method.inference : {};
  const grid = isObject(record.grid) ? record.grid : {};
  const updates: Record<string, unknown> = {};
  const parameters = withDefaults(record.parameters, { workers: null, analysis_gsd_m: null });
  if (parameters !== record.parameters) updates.parameters = parameters;
  if (!('analysis' in record) && typeof grid.gsd_m === 'number')
    updates.analysis = { gsd_m: grid.gsd_m, before_level: 0, after_level: 0 };
  // Before the flags, pixel methods always applied both; networks said so in their inference record.
  const shift = withDefaults(record.shift_px, {
    applied: typeof inference.residual_shift_applied === 'boolean' ? inference.residual_shift_applied : true,
  });
  if (shift !== record.shift_px) updates.shift_px = shift;
  const radiometric = withDefaults(record.radiometric_normalisation, {
    applied: typeof inference.radiometric_normalisation === 'boolean' ? inference.radiometric_normalisation : true,
  });
  if (radiometric !== record.radiometric_normalisation) updates.radiometric_normalisation = radiometric;
  if (Object.keys(updates).length === 0) return record;
  // Fields brought up to date keep their place; the ones the record lacked entirely go last.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = k in updates ? updates[k] : v;
  return { ...out, ...updates };
}

/**
 * A run.json (parsed JSON) checked against the contract, an older one brought up to date first. The
 * record comes back as it was read (key order kept) when it is current. Throws a ContractError naming
 * the first wrong field (`run.json has no inputs.before.path`, `run.json: grid.gsd_m must be a number,
 * got "0.5"`) or a version this Payesh does not read.
 */
export function parseRunRecord(value: unknown): RunRecord {
  if (!isObject(value)) throw new ContractError('run.json must hold an object', '');
  const version = value.schema_version;
  if (version !== undefined && !(typeof version === 'number' && version <= RUN_RECORD_VERSION)) {
    throw new ContractError(
      `run.json is schema version ${JSON.stringify(version)}; this Payesh reads version ${RUN_RECORD_VERSION}: update Payesh`,
      'schema_version',
    );
  }
  if (value.command !== 'detect' && value.command !== 'compare') {
    throw new ContractError(
      value.command === undefined
        ? 'run.json has no command'
        : `run.json: command must be "detect" or "compare", got ${JSON.stringify(value.command)}`,
      'command',
    );
  }
  return checkValue(RunRecordSchema, migrateRunRecord(value), 'run.json');
}
