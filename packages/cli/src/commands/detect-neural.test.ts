import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countChanges, pixelScores } from '@payesh/core';
import { writeCog } from '@payesh/io';
import { readWholeRaster as readRaster } from '@payesh/io/testing';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';
import { needSharedData, sharedDataDir } from '@payesh/testkit';

const dir = mkdtempSync(join(tmpdir(), 'payesh-neural-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = sharedDataDir();
const weights = (name: string): string => join(data, 'models', 'tinycd', `${name}_best.pth`);
const levirPair = join(data, 'cd-bench', 'levir', 'test_2_0000_0000');
const whuPair = join(data, 'cd-bench', 'whu', '000121');
const levirModel = join(dir, 'tinycd-levir.onnx');
const whuModel = join(dir, 'tinycd-whu.onnx');

const mask = async (path: string): Promise<Uint8Array> =>
  Uint8Array.from((await readRaster(path)).bands[0]!, (v) => (v ? 1 : 0));
const runJson = (out: string) => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
const detect = (before: string, after: string, out: string, ...extra: string[]) =>
  run(['detect', '--before', before, '--after', after, '--out', out, '--quiet', ...extra]);

const sharedData = needSharedData();
describe.skipIf(sharedData.skip)(
  `neural change detection through the CLI${sharedData.note}`,
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      for (const [name, out] of [
        ['levir', levirModel],
        ['whu', whuModel],
      ] as const) {
        const r = await run(['model', 'import', '--arch', 'tinycd', '--weights', weights(name), '--out', out]);
        expect(r.code, r.err).toBe(EXIT.ok);
        expect(r.out).toMatch(/tinycd .*279 tensors, 293877 numbers/);
      }
    }, 60_000);

    it('model import: a truncated weights file is one line, exit 2, nothing written', async () => {
      const bad = join(dir, 'levir_cut.pth');
      writeFileSync(bad, readFileSync(weights('levir')).subarray(0, 700_000));
      const before = readdirSync(dir).sort();
      const r = await run(['model', 'import', '--arch', 'tinycd', '--weights', bad, '--out', join(dir, 'cut.onnx')]);
      expect(r.code).toBe(EXIT.input);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain('levir_cut.pth');
      expect(readdirSync(dir).sort()).toEqual([...before]);
    });

    it('detects the new buildings of a held-out LEVIR-CD pair and records the model card', async () => {
      const out = join(dir, 'levir-run');
      const r = await detect(join(levirPair, 'before.tif'), join(levirPair, 'after.tif'), out, '--model', levirModel);
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(readdirSync(out).sort()).toEqual(['change-mask.tif', 'change-score.tif', 'changes.geojson', 'run.json']);
      const truth = await mask(join(levirPair, 'truth.tif'));
      const f1 = pixelScores(countChanges(await mask(join(out, 'change-mask.tif')), truth, 256, 256, 0.5)).f1;
      expect(f1).toBeGreaterThan(0.85);
      const record = runJson(out);
      expect(record.method.name).toBe('neural');
      expect(record.method.model_card.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(record.method.model_card.gsd_m).toBe(0.5);
      expect(record.threshold).toBe(0.5);
      // The network sees the after image as it is: neither normalised nor shifted (unless --coregister).
      expect(record.radiometric_normalisation.applied).toBe(false);
      expect(record.shift_px.applied).toBe(false);
      // LEVIR-CD's georeferencing (from tile coordinates) says 0.555 m: the network sees it at its 0.5 m.
      expect(record.method.inference.model_px_per_grid_px).toBeCloseTo(record.grid.gsd_m / 0.5, 3);
      const changes = JSON.parse(readFileSync(join(out, 'changes.geojson'), 'utf8'));
      expect(changes.features.length).toBeGreaterThan(0);
      expect(changes.features.every((f: { properties: { score: number } }) => f.properties.score >= 0.5)).toBe(true);
      expect(changes.features.every((f: { properties: { kind: string } }) => f.properties.kind === 'new')).toBe(true);
      // The same pair the other way round: what was built now reads as torn down.
      const swapped = join(dir, 'levir-swapped');
      expect(
        (await detect(join(levirPair, 'after.tif'), join(levirPair, 'before.tif'), swapped, '--model', levirModel))
          .code,
      ).toBe(EXIT.ok);
      const kinds = JSON.parse(readFileSync(join(swapped, 'changes.geojson'), 'utf8')).features.map(
        (f: { properties: { kind: string } }) => f.properties.kind,
      );
      expect(kinds.filter((k: string) => k === 'removed').length).toBeGreaterThan(kinds.length / 2);
    });

    it('resamples 0.3 m imagery to the 0.5 m model and brings the scores back to the before grid', async () => {
      const out = join(dir, 'whu-levir');
      const r = await detect(join(whuPair, 'before.tif'), join(whuPair, 'after.tif'), out, '--model', levirModel);
      expect(r.code, r.err).toBe(EXIT.ok);
      const inference = runJson(out).method.inference;
      expect(inference.gsd_m).toBeCloseTo(0.5, 3);
      expect(inference.model_px_per_grid_px).toBeCloseTo(0.6, 3);
      const score = await readRaster(join(out, 'change-score.tif'));
      expect([score.width, score.height]).toEqual([1024, 1024]);
      const native = join(dir, 'whu-levir-native');
      expect(
        (
          await detect(
            join(whuPair, 'before.tif'),
            join(whuPair, 'after.tif'),
            native,
            '--model',
            levirModel,
            '--native-gsd',
          )
        ).code,
      ).toBe(EXIT.ok);
      expect(runJson(native).method.inference.model_px_per_grid_px).toBe(1);
    });

    it('maps red, green and blue of 4-band RGBN imagery to the model and gives the same mask as the RGB pair', async () => {
      for (const date of ['before', 'after']) {
        const rgb = await readRaster(join(levirPair, `${date}.tif`));
        const nir = Uint8Array.from(rgb.bands[1]!, (v, i) => (v * 7 + i) % 256);
        await writeCog(join(dir, `rgbn-${date}.tif`), {
          ...rgb,
          bands: [...rgb.bands, nir],
          nodata: [null, null, null, null],
        });
      }
      const out = join(dir, 'rgbn');
      expect(
        (await detect(join(dir, 'rgbn-before.tif'), join(dir, 'rgbn-after.tif'), out, '--model', levirModel)).code,
      ).toBe(EXIT.ok);
      const rgbOut = join(dir, 'levir-rgb');
      expect(
        (await detect(join(levirPair, 'before.tif'), join(levirPair, 'after.tif'), rgbOut, '--model', levirModel)).code,
      ).toBe(EXIT.ok);
      expect(await mask(join(out, 'change-mask.tif'))).toEqual(await mask(join(rgbOut, 'change-mask.tif')));
    });

    it("gives a 2048 px raster the mask its quarters get on their own, away from the quarters' inner edges", async () => {
      // A real 1024 px WHU-CD pair laid four times: the whole and one quarter (the pair itself) are
      // scored on different cell lattices (0.3 m imagery at the 0.5 m model: 426 px cells).
      for (const date of ['before', 'after']) {
        const r = await readRaster(join(whuPair, `${date}.tif`));
        const bands = r.bands.map((b) => {
          const out = new Uint8Array(2048 * 2048);
          for (let row = 0; row < 2048; row++)
            for (let q = 0; q < 2; q++)
              out.set(b.subarray((row % 1024) * 1024, ((row % 1024) + 1) * 1024), row * 2048 + q * 1024);
          return out;
        });
        await writeCog(join(dir, `mosaic-${date}.tif`), { ...r, width: 2048, height: 2048, bands });
      }
      const whole = join(dir, 'mosaic');
      const quarter = join(dir, 'quarter');
      expect(
        (await detect(join(dir, 'mosaic-before.tif'), join(dir, 'mosaic-after.tif'), whole, '--model', levirModel))
          .code,
      ).toBe(EXIT.ok);
      expect(
        (await detect(join(whuPair, 'before.tif'), join(whuPair, 'after.tif'), quarter, '--model', levirModel)).code,
      ).toBe(EXIT.ok);
      const a = await mask(join(whole, 'change-mask.tif'));
      const b = await mask(join(quarter, 'change-mask.tif'));
      const agreement = (edge: number): { iou: number; changed: number } => {
        let both = 0;
        let either = 0;
        for (let row = 0; row < 1024 - edge; row++)
          for (let col = 0; col < 1024 - edge; col++) {
            const x = a[row * 2048 + col]!;
            const y = b[row * 1024 + col]!;
            both += x & y;
            either += x | y;
          }
        return { iou: either ? both / either : 1, changed: either };
      };
      const all = agreement(0);
      const inside = agreement(Math.ceil(256 / 0.6));
      expect(inside.changed).toBeGreaterThan(1000);
      expect(inside.iou).toBeGreaterThan(0.97);
      expect(all.iou).toBeGreaterThan(0.9);
    });

    it('refuses a neural model with another method, in one line', async () => {
      const r = await detect(
        join(levirPair, 'before.tif'),
        join(levirPair, 'after.tif'),
        join(dir, 'cva'),
        '--model',
        levirModel,
        '--method',
        'cva',
      );
      expect(r.code).toBe(EXIT.input);
      expect(r.err).toMatch(/neural network: it runs as method "neural"/);
      expect(existsSync(join(dir, 'cva'))).toBe(false);
    });
  },
);
