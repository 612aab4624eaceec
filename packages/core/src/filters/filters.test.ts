import { describe, expect, it } from 'vitest';
import { boxMean } from './box-mean.js';
import { dilateSquare, erodeSquare, openSquare } from './min-max-filter.js';
import { gradientMagnitude } from './gradient.js';
import { dilateBinary, erodeBinary } from './binary-morphology.js';

function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % 100;
  return out;
}

/** The definition, pixel by pixel: reduce over the k x k square (clamped to the image). */
function bruteForce(
  src: Float32Array,
  w: number,
  h: number,
  k: number,
  reduce: (vals: number[]) => number,
): Float32Array {
  const before = Math.floor((k - 1) / 2);
  const out = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const vals: number[] = [];
      for (let dr = -before; dr < k - before; dr++)
        for (let dc = -before; dc < k - before; dc++) {
          if (r + dr >= 0 && r + dr < h && c + dc >= 0 && c + dc < w) vals.push(src[(r + dr) * w + c + dc]!);
        }
      out[r * w + c] = reduce(vals);
    }
  }
  return out;
}

describe('filters agree with their definitions', () => {
  const [w, h] = [23, 17];
  const img = random(w * h, 7);
  it.each([1, 2, 3, 5, 8])('box mean, radius %i', (r) => {
    const want = bruteForce(img, w, h, 2 * r + 1, (v) => v.reduce((a, b) => a + b, 0) / v.length);
    const got = boxMean(img, w, h, r);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 3);
  });
  it.each([1, 3])('box mean with NaN pixels left out, radius %i', (r) => {
    const holes = img.map((v, i) => (i % 7 === 0 || (i > 40 && i < 60) ? NaN : v));
    const want = bruteForce(holes, w, h, 2 * r + 1, (v) => {
      const ok = v.filter((x) => !Number.isNaN(x));
      return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
    });
    const got = boxMean(holes, w, h, r);
    for (let i = 0; i < want.length; i++) {
      if (Number.isNaN(want[i]!)) expect(got[i]).toBeNaN();
      else expect(got[i]).toBeCloseTo(want[i]!, 3);
    }
  });
  it.each([2, 3, 4, 7, 30])('erosion and dilation, k = %i', (k) => {
    expect(erodeSquare(img, w, h, k)).toEqual(bruteForce(img, w, h, k, (v) => Math.min(...v)));
    expect(dilateSquare(img, w, h, k)).toEqual(bruteForce(img, w, h, k, (v) => Math.max(...v)));
  });
  it('opening removes a bright speck smaller than k and keeps a larger block', () => {
    const a = new Float32Array(20 * 20);
    a[5 * 20 + 5] = 9;
    for (let r = 10; r < 16; r++) for (let c = 10; c < 16; c++) a[r * 20 + c] = 7;
    const o = openSquare(a, 20, 20, 3);
    expect(o[5 * 20 + 5]).toBe(0);
    expect(o[12 * 20 + 12]).toBe(7);
  });
  it('gradient is zero on flat images and largest across an edge', () => {
    expect(Math.max(...gradientMagnitude(new Float32Array(25).fill(3), 5, 5))).toBe(0);
    const step = Float32Array.from({ length: 36 }, (_, i) => (i % 6 < 3 ? 0 : 8));
    const g = gradientMagnitude(step, 6, 6);
    expect(g[2 * 6 + 2]).toBe(4);
    expect(g[2 * 6 + 0]).toBe(0);
  });
});

describe('binary morphology agrees with the min/max filters on masks', () => {
  it.each([2, 3, 5, 8])('k = %i', (k) => {
    const [w, h] = [31, 19];
    const mask = Uint8Array.from(random(w * h, k), (v) => (v > 35 ? 1 : 0));
    const asFloat = Float32Array.from(mask);
    expect(erodeBinary(mask, w, h, k)).toEqual(Uint8Array.from(erodeSquare(asFloat, w, h, k)));
    expect(dilateBinary(mask, w, h, k)).toEqual(Uint8Array.from(dilateSquare(asFloat, w, h, k)));
  });
});
