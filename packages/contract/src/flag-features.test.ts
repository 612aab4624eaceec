import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { FLAG_FEATURE_NAMES, type FlagFeatures } from '@payesh/core';
import { FLAG_FEATURE_DEFINITIONS, flagFeaturesObject } from './flag-features.js';

type Mutable<T> = T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

describe('the features of a flag', () => {
  it("are core's type, every one defined, in core's order", () => {
    expectTypeOf<Mutable<z.output<typeof flagFeaturesObject>>>().toEqualTypeOf<Mutable<FlagFeatures>>();
    expect(Object.keys(FLAG_FEATURE_DEFINITIONS)).toEqual([...FLAG_FEATURE_NAMES]);
    expect(Object.keys(flagFeaturesObject.shape)).toEqual([...FLAG_FEATURE_NAMES]);
  });

  it('are documented in docs/ranking.md exactly as defined here', () => {
    const doc = readFileSync(new URL('../../../docs/ranking.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (.+?) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(Object.entries(FLAG_FEATURE_DEFINITIONS).map(([name, d]) => [name, d.unit, d.meaning]));
  });
});
