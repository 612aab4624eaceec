import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type {
  FlagFeature as CoreFlagFeature,
  FlagProperties as CoreFlagProperties,
  PermitProperties as CorePermitProperties,
} from '@payesh/core';
import { ContractError } from './check-value.js';
import {
  flagFeatureObject,
  flagPropertiesObject,
  migrateFlagProperties,
  parseFlagCollection,
  permitPropertiesObject,
} from './flag-properties.js';

/** A type with readonly taken off at every depth (tuples stay tuples), to compare a schema's output with core's readonly types. */
type Mutable<T> = T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

const features = (): Record<string, any>[] =>
  JSON.parse(readFileSync(new URL('../../../fixtures/expected/flags-csv_input.geojson', import.meta.url), 'utf8'))
    .features;
const collection = (list: unknown[]) => ({ type: 'FeatureCollection', features: list });

describe('the flag properties of flags.geojson', () => {
  it("are core's types: the schemas' outputs match them field for field", () => {
    expectTypeOf<Mutable<z.output<typeof flagPropertiesObject>>>().toEqualTypeOf<Mutable<CoreFlagProperties>>();
    expectTypeOf<Mutable<z.output<typeof permitPropertiesObject>>>().toEqualTypeOf<Mutable<CorePermitProperties>>();
    expectTypeOf<Mutable<z.output<typeof flagFeatureObject>>>().toEqualTypeOf<Mutable<CoreFlagFeature>>();
  });

  it('reads the features of a real compare run as they are (the same objects)', () => {
    const list = features();
    const read = parseFlagCollection(collection(list));
    expect(read).toHaveLength(list.length);
    read.forEach((f, i) => expect(f).toBe(list[i]));
  });

  it('gives flags written before permits were carried no permits and no footprints', () => {
    const old = features()
      .slice(0, 2)
      .map((f) => {
        const { permits: _p, permit_footprints: _f, ...properties } = f.properties;
        return { ...f, properties };
      });
    const read = parseFlagCollection(collection(old));
    expect(read.map((f) => [f.properties.permits, f.properties.permit_footprints])).toEqual([
      [[], null],
      [[], null],
    ]);
    expect(old[0]!.properties).not.toHaveProperty('permits');
    const current = features()[0]!.properties;
    expect(migrateFlagProperties(current)).toBe(current);
  });

  it('gives flags written before features were measured null features, and checks those that have them', () => {
    const { features: _f, ...before } = features()[0]!.properties;
    expect(migrateFlagProperties(before)).toEqual({ ...before, features: null });
    const measured = {
      score_mean: 0.61,
      score_max: 0.97,
      score_above_share: 0.88,
      area_m2: 142.5,
      compactness: 0.52,
      elongation: 0.31,
      holes: 0,
      parts: 1,
      parcel_changed_share: 0.4,
      outside_share: 0.05,
      edge_distance_m: 3.2,
      permitted_ratio: null,
      removed_share: 0,
      green_change: -0.02,
      bright_change: 0.11,
    };
    const list = features();
    list[2]!.properties.features = measured;
    expect(parseFlagCollection(collection(list))[2]!.properties.features).toEqual(measured);
    list[2]!.properties.features = { ...measured, score_mean: 1.4 };
    expect(() => parseFlagCollection(collection(list))).toThrow(
      /features\.2\.properties\.features\.score_mean: Too big: expected number to be <=1/,
    );
  });

  it('names the feature and the field that is wrong', () => {
    const wrong = (edit: (f: Record<string, any>) => void): string => {
      const list = features();
      edit(list[3]!);
      try {
        parseFlagCollection(collection(list));
      } catch (error) {
        expect(error).toBeInstanceOf(ContractError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(wrong((f) => (f.properties.rank = '4'))).toBe(
      'flags.geojson: features.3.properties.rank must be a number, got "4"',
    );
    expect(wrong((f) => delete f.properties.flag_id)).toBe('flags.geojson has no features.3.properties.flag_id');
    expect(wrong((f) => (f.properties.violation = 'arson'))).toMatch(
      /^flags\.geojson: features\.3\.properties\.violation must be "no-permit" or .* or "encroachment", got "arson"$/,
    );
    expect(wrong((f) => (f.geometry = { type: 'Point', coordinates: [45, 38] }))).toMatch(
      /^flags\.geojson: features\.3\.geometry/,
    );
    expect(() => parseFlagCollection({ type: 'Feature' })).toThrow('not a GeoJSON FeatureCollection');
  });
});
