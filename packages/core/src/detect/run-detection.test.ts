import { describe, expect, it } from 'vitest';
import type { Crs } from '../crs.js';
import type { Raster } from '../raster.js';
import { memoryReader, memorySink } from '../testing/memory-raster.js';
import { estimateAlignment } from './estimate-alignment.js';
import { constructionMethod } from './construction-method.js';
import { runDetection, type DetectionRequest, type DetectStage } from './run-detection.js';
import { SCORE_NODATA } from './score-quantise.js';

// Small synthetic scenes in memory (no files): 0.5 m pixels in UTM 38N, three uint8 bands.
const SIZE = 192;
const UTM38N: Crs = {
  epsg: 32638,
  proj4: '+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs +type=crs',
  name: 'WGS 84 / UTM zone 38N',
};
type Rect = readonly [col0: number, row0: number, col1: number, row1: number];
type Rgb = readonly [number, number, number];

/** Ground with texture (never 0, the nodata value), two old buildings and a tree that both dates show. */
function scene(): Raster {
  const bands = [0, 1, 2].map(() => new Uint8Array(SIZE * SIZE));
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      let h = Math.imul(c, 374761393) ^ Math.imul(r, 668265263);
      h = Math.imul(h ^ (h >>> 13), 1274126177);
      const noise = (((h ^ (h >>> 16)) >>> 0) % 9) - 4;
      [150, 132, 104].forEach((v, b) => (bands[b]![r * SIZE + c] = v + noise));
    }
  }
  const raster: Raster = {
    width: SIZE,
    height: SIZE,
    dtype: 'uint8',
    bands,
    transform: [494000, 0.5, 0, 4270000, 0, -0.5],
    crs: UTM38N,
    nodata: [0, 0, 0],
  };
  paint(raster, [20, 20, 52, 44], [176, 96, 74]);
  paint(raster, [20, 44, 52, 50], [70, 66, 60]); // its shadow
  paint(raster, [30, 120, 70, 150], [178, 174, 166]);
  paint(raster, [30, 150, 70, 156], [70, 66, 60]);
  paint(raster, [150, 150, 166, 166], [66, 108, 46]);
  return raster;
}

function paint(raster: Raster, [c0, r0, c1, r1]: Rect, rgb: Rgb): void {
  for (let r = r0; r < r1; r++)
    for (let c = c0; c < c1; c++) rgb.forEach((v, b) => (raster.bands[b]![r * raster.width + c] = v));
}

function copy(raster: Raster): Raster {
  return { ...raster, bands: raster.bands.map((b) => b.slice()) };
}

/** Where a new building stands in the after image (12 x 12 m), and its shadow. */
const ROOF: Rect = [120, 40, 144, 64];
const SHADOW: Rect = [120, 64, 144, 70];

function withNewBuilding(before: Raster): Raster {
  const after = copy(before);
  paint(after, ROOF, [206, 211, 216]);
  paint(after, SHADOW, [70, 66, 60]);
  return after;
}

async function detect(before: Raster, after: Raster, over: Partial<DetectionRequest> = {}) {
  const [b, a] = [memoryReader(before, null, 'before.tif'), memoryReader(after, null, 'after.tif')];
  const alignment = await estimateAlignment(b, a, { noShift: true });
  const { sink, written, readers } = memorySink();
  const result = await runDetection({
    before: b,
    after: a,
    alignment,
    method: constructionMethod,
    minAreaM2: 20,
    sink,
    tileSize: 64,
    ...over,
  });
  return {
    result,
    mask: written.get('change-mask')!.bands[0]!,
    score: written.get('change-score')!.bands[0]!,
    readers,
  };
}

const count = (mask: ArrayLike<number>): number => Array.from(mask).filter(Boolean).length;

/** The mask's pixels inside `rect`, and outside it. */
function split(mask: ArrayLike<number>, [c0, r0, c1, r1]: Rect): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      if (!mask[r * SIZE + c]) continue;
      if (c >= c0 && c < c1 && r >= r0 && r < r1) inside++;
      else outside++;
    }
  }
  return { inside, outside };
}

const area = ([c0, r0, c1, r1]: Rect): number => (c1 - c0) * (r1 - r0);
/** The region without what may differ between runs (timings) or is long (outlines). */
const brief = (r: { id: number; areaM2: number; score: number; kind: string; bbox: readonly number[] }) => ({
  id: r.id,
  areaM2: r.areaM2,
  score: r.score,
  kind: r.kind,
  bbox: r.bbox,
});

describe('runDetection (in-memory readers and sink)', () => {
  it("measures each region's evidence: a new roof gains brightness, a felled tree loses greenness", async () => {
    const before = scene();
    const roof = (await detect(before, withNewBuilding(before))).result.regions;
    const felled = copy(before);
    paint(felled, [150, 150, 166, 166], [150, 132, 104]);
    const tree = (await detect(before, felled)).result.regions;
    expect(roof).toHaveLength(1);
    expect(tree).toHaveLength(1);
    const [r, t] = [roof[0]!.evidence, tree[0]!.evidence];
    expect(r.brightChange).toBeGreaterThan(0.1);
    expect(t.greenChange).toBeLessThan(-0.1);
    expect(Math.abs(r.greenChange)).toBeLessThan(Math.abs(t.greenChange));
    for (const [region, e] of [
      [roof[0]!, r],
      [tree[0]!, t],
    ] as const) {
      expect(e.scoreMax).toBeGreaterThanOrEqual(region.score);
      expect(e.scoreMax).toBeLessThanOrEqual(1);
      expect(e.aboveThresholdShare).toBeGreaterThan(0.5);
      expect(e.aboveThresholdShare).toBeLessThanOrEqual(1);
    }
  });

  it('finds nothing in a pair against itself (with the shift estimated too)', async () => {
    const before = scene();
    const [b, a] = [memoryReader(before), memoryReader(copy(before))];
    const alignment = await estimateAlignment(b, a);
    const { sink, written } = memorySink();
    const result = await runDetection({
      before: b,
      after: a,
      alignment,
      method: constructionMethod,
      minAreaM2: 20,
      sink,
      tileSize: 64,
    });
    expect([result.regions, result.changedPixels]).toEqual([[], 0]);
    expect(count(written.get('change-mask')!.bands[0]!)).toBe(0);
    expect(alignment.shift).toMatchObject({ dx: 0, dy: 0 });
  });

  it('finds a building added to the after image as one new region where it stands', async () => {
    const before = scene();
    const { result, mask, readers } = await detect(before, withNewBuilding(before));
    expect(readers.map((r) => [r.path, r.closed])).toEqual([
      ['change-score.tif', true],
      ['change-mask.tif', true],
    ]);
    expect(result.regions).toHaveLength(1);
    const [region] = result.regions;
    expect(region!.kind).toBe('new');
    // The roof and its shadow, widened by no more than the smoothing (a few pixels).
    const [c0, r0, c1, r1] = region!.bbox;
    expect([c0, r0]).toEqual([expect.toBeOneOf([117, 118, 119, 120]), expect.toBeOneOf([37, 38, 39, 40])]);
    expect([c1, r1]).toEqual([expect.toBeOneOf([144, 145, 146, 147]), expect.toBeOneOf([70, 71, 72, 73])]);
    expect(result.changedPixels).toBe(count(mask));
    expect(region!.areaM2).toBe(result.changedPixels * 0.25);
    expect(split(mask, region!.bbox).outside).toBe(0);
    expect(split(mask, ROOF).inside).toBe(area(ROOF));
    expect(region!.score).toBeGreaterThan(result.threshold);
  });

  it('gives the same mask and regions whatever the size of its units of work (tiled equals whole)', async () => {
    const before = scene();
    const after = withNewBuilding(before);
    const tiled = await detect(before, after, { tileSize: 48 });
    const whole = await detect(before, after, { tileSize: 512 });
    expect(tiled.result.regions).toHaveLength(1);
    expect(tiled.mask).toEqual(whole.mask);
    expect(tiled.score).toEqual(whole.score);
    expect(tiled.result.threshold).toBe(whole.result.threshold);
    expect(tiled.result.regions.map(brief)).toEqual(whole.result.regions.map(brief));
  });

  it('stops with an AbortError when its signal is aborted while scoring, before any mask', async () => {
    const before = scene();
    const controller = new AbortController();
    const stages: DetectStage[] = [];
    const run = detect(before, withNewBuilding(before), {
      signal: controller.signal,
      onProgress: (stage) => {
        stages.push(stage);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stages.every((s) => s === 'score')).toBe(true);
  });

  it('stops with an AbortError when aborted while masking, and closes the score raster it opened', async () => {
    const before = scene();
    const [b, a] = [memoryReader(before), memoryReader(withNewBuilding(before))];
    const alignment = await estimateAlignment(b, a, { noShift: true });
    const { sink, written, readers } = memorySink();
    const controller = new AbortController();
    const run = runDetection({
      before: b,
      after: a,
      alignment,
      method: constructionMethod,
      minAreaM2: 20,
      sink,
      tileSize: 64,
      signal: controller.signal,
      onProgress: (stage) => stage === 'mask' && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect([...written.keys()]).toEqual(['change-score']); // no change mask
    expect(readers[0]!.closed).toBe(true);
  });

  it('flags nothing where the after image has no data, and scores it as nodata', async () => {
    const before = scene();
    const after = withNewBuilding(before);
    const missing: Rect = [0, 0, 64, SIZE]; // the after scene ends 32 m short of the before one
    paint(after, missing, [0, 0, 0]);
    const { result, mask, score } = await detect(before, after);
    expect(split(mask, missing).inside).toBe(0);
    expect(result.regions.map((r) => r.kind)).toEqual(['new']); // the building only
    for (let r = 0; r < SIZE; r++) for (let c = 0; c < 64; c++) expect(score[r * SIZE + c]).toBe(SCORE_NODATA);
    expect(score[100 * SIZE + 100]).not.toBe(SCORE_NODATA);
  });
});
