import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContractError } from './check-value.js';
import { migrateRunRecord, parseRunRecord, type CompareRunRecord } from './run-record.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/run-json/${name}`, import.meta.url), 'utf8'));
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('parseRunRecord', () => {
  it("reads today's compare and detect records as they are: the same object, key order kept", () => {
    for (const name of ['compare_2026-11-29.json', 'detect_2026-11-29.json']) {
      const json = fixture(name);
      const text = JSON.stringify(json);
      const record = parseRunRecord(json);
      expect(record).toBe(json);
      expect(JSON.stringify(record)).toBe(text);
    }
    const compare = parseRunRecord(fixture('compare_2026-11-29.json')) as CompareRunRecord;
    expect(compare.command).toBe('compare');
    expect(compare.period).toEqual({
      before_on: '2023-05-08',
      after_on: '2024-07-20',
      before_from: 'geotiff DateTime',
      after_from: 'geotiff DateTime',
    });
    expect(compare.inputs.before.path).toBe('city/before.tif');
    expect(compare.flags.by_violation['no-permit']).toBe(14);
  });

  it('brings a compare record from before the applied flags up to date (pixel methods applied both)', () => {
    const old = fixture('compare_before-applied-flags_2026-11-28.json');
    const record = parseRunRecord(old);
    expect(record.shift_px.applied).toBe(true);
    expect(record.radiometric_normalisation.applied).toBe(true);
    expect(Object.keys(record)).toEqual(Object.keys(old)); // fields brought up to date keep their place
    expect(old.shift_px).not.toHaveProperty('applied'); // the input is not changed
  });

  it("takes a neural record's applied flags from its inference record", () => {
    const record = parseRunRecord(fixture('detect_neural_before-applied-flags_2026-11-28.json'));
    expect([record.shift_px.applied, record.radiometric_normalisation.applied]).toEqual([false, false]);
    expect(record.method.inference?.model_px_per_grid_px).toBe(1);
  });

  it('reads the first detect record: full-resolution analysis, workers not recorded', () => {
    const record = parseRunRecord(fixture('detect_first_2026-11-27.json'));
    expect(record.analysis).toEqual({ gsd_m: 0.5, before_level: 0, after_level: 0 });
    expect(record.parameters).toMatchObject({ workers: null, analysis_gsd_m: null, tile_size: 512 });
    expect(Object.keys(record).at(-1)).toBe('analysis');
  });

  it('migrates only what is missing: a current record is returned as the same object', () => {
    const json = fixture('compare_2026-11-29.json');
    expect(migrateRunRecord(json)).toBe(json);
    expect(migrateRunRecord('x')).toBe('x');
  });

  it('names the field that is missing or wrong', () => {
    const base = () => fixture('compare_2026-11-29.json') as Record<string, any>;
    const without = (edit: (r: Record<string, any>) => void) => {
      const r = base();
      edit(r);
      return message(() => parseRunRecord(r));
    };
    expect(without((r) => delete r.inputs.before.path)).toBe('run.json has no inputs.before.path');
    expect(without((r) => delete r.period)).toBe('run.json has no period');
    expect(without((r) => (r.grid.gsd_m = '0.5'))).toBe('run.json: grid.gsd_m must be a number, got "0.5"');
    expect(without((r) => (r.period.before_on = '1402/02/18'))).toBe(
      'run.json: period.before_on must be a date YYYY-MM-DD, got "1402/02/18"',
    );
    expect(without((r) => (r.period.before_from = 'exif'))).toBe(
      'run.json: period.before_from must be "geotiff DateTime" or "--before-date", got "exif"',
    );
    expect(
      without((r) => (r.parcels.problems = [{ feature: 3, parcel_id: null, action: 'dropped', message: 'x' }])),
    ).toBe('run.json: parcels.problems.0.action must be "repaired" or "rejected", got "dropped"');
    expect(without((r) => (r.inputs.after.sha256 = 'abc'))).toBe(
      'run.json: inputs.after.sha256 must be a SHA-256 in hex, got "abc"',
    );
    expect(without((r) => delete r.command)).toBe('run.json has no command');
    expect(without((r) => (r.command = 'train'))).toBe('run.json: command must be "detect" or "compare", got "train"');
    expect(without((r) => (r.schema_version = 2))).toBe(
      'run.json is schema version 2; this Payesh reads version 1: update Payesh',
    );
    expect(without((r) => (r.flags.total = -1))).toBe('run.json: flags.total: Too small: expected number to be >=0');
    expect(message(() => parseRunRecord([1, 2]))).toBe('run.json must hold an object');
    expect(message(() => parseRunRecord(null))).toBe('run.json must hold an object');
  });

  it('keeps fields it does not know (a newer Payesh may add some)', () => {
    const json = { ...fixture('compare_2026-11-29.json'), notes: 'from a later version' };
    expect(parseRunRecord(json)).toHaveProperty('notes', 'from a later version');
  });
});
