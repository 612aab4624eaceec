import { describe, expect, it } from 'vitest';
import { findComponents, runMaskOf } from './components.js';
import { mergeRowRuns, paintRuns, runMaskFromPixels } from './run-mask.js';
import { vectorizeComponent } from './vectorize.js';
import { ringArea2 } from '../geometry/planar.js';

function parse(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  return { mask: Uint8Array.from(rows.join('').split(''), (ch) => (ch === '#' ? 1 : 0)), width, height: rows.length };
}

const picture = parse(['.....#....', '.####.....', '.#..#...##', '.####...##', '..........', '#........#']);

describe('run masks and components', () => {
  const runs = runMaskFromPixels(picture.mask, picture.width, picture.height);
  const components = findComponents(runs);
  it('round-trip pixels through runs', () => {
    expect(paintRuns(runs, 0, picture.height)).toEqual(picture.mask);
  });
  it('finds 8-connected components with areas and boxes', () => {
    const summary = components.map((c) => [c.areaPx, c.bbox]).sort((a, b) => (b[0] as number) - (a[0] as number));
    expect(summary).toEqual([
      [11, [1, 0, 6, 4]],
      [4, [8, 2, 10, 4]],
      [1, [0, 5, 1, 6]],
      [1, [9, 5, 10, 6]],
    ]);
    expect(paintRuns(runMaskOf(components, picture.width, picture.height), 0, picture.height)).toEqual(picture.mask);
  });
  it('merges touching runs of neighbouring tiles', () => {
    expect(Array.from(mergeRowRuns([Int32Array.from([0, 4, 6, 8]), Int32Array.from([8, 10, 12, 13])]))).toEqual([
      0, 4, 6, 10, 12, 13,
    ]);
  });
});

describe('vectorizeComponent', () => {
  const components = findComponents(runMaskFromPixels(picture.mask, picture.width, picture.height));
  it('traces a ring with a hole and splits a part touching at a corner', () => {
    const ringed = components.find((c) => c.areaPx === 11)!;
    const polygons = vectorizeComponent(ringed);
    expect(polygons).toHaveLength(2);
    const ring = polygons.find((p) => p.length === 2)!;
    expect(ringArea2(ring[0]!) / 2).toBe(12);
    expect(ringArea2(ring[1]!) / 2).toBe(-2);
    expect(ring[1]).toHaveLength(5);
    const speck = polygons.find((p) => p.length === 1)!;
    expect(speck[0]).toEqual([
      [5, 0],
      [6, 0],
      [6, 1],
      [5, 1],
      [5, 0],
    ]);
  });
  it('areas of the polygons equal the pixel count for any shape', () => {
    let s = 11;
    const w = 40;
    const mask = Uint8Array.from({ length: w * w }, () =>
      (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 30 === 0 ? 0 : 1,
    );
    for (const c of findComponents(runMaskFromPixels(mask, w, w))) {
      const area = vectorizeComponent(c).reduce((sum, p) => sum + p.reduce((a, r) => a + ringArea2(r) / 2, 0), 0);
      expect(area).toBe(c.areaPx);
    }
  });
});
