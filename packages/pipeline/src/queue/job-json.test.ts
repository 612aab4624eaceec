import { describe, expect, it } from 'vitest';
import { decodeJobJson, encodeJobJson } from './job-json.js';

describe('job JSON', () => {
  it('brings back NaN, infinities, -0 and typed arrays as they were (plain JSON would not)', () => {
    const value = {
      a: Number.NaN,
      b: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5],
      c: { d: Float32Array.from([1, Number.NaN, -2.5]), e: Int32Array.from([7, -8]) },
      f: null,
      g: 'text',
      h: undefined,
    };
    const back = decodeJobJson<typeof value>(encodeJobJson(value));
    expect(back.a).toBeNaN();
    expect(back.b).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5]);
    expect(Object.is(back.b[2], -0)).toBe(true);
    expect(back.c.d).toBeInstanceOf(Float32Array);
    expect([...back.c.d]).toEqual([1, Number.NaN, -2.5]);
    expect(back.c.e).toEqual(Int32Array.from([7, -8]));
    expect(back).toMatchObject({ f: null, g: 'text' });
    expect('h' in back).toBe(false);
    expect(JSON.parse(JSON.stringify(value)).a).toBeNull();
  });

  it('refuses what cannot cross (functions)', () => {
    expect(() => encodeJobJson({ f: () => 1 })).toThrow(/function/);
  });
});
