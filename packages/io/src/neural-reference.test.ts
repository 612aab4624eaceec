import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Raster } from '@payesh/core';
import { importModel, openNeuralModel } from '@payesh/nn';
import { readWholeRaster as whole } from './testing/read-whole.js';
import { needSharedData, sharedDataDir } from '@payesh/testkit';

const tinycd = join(sharedDataDir(), 'models', 'tinycd');
const dir = mkdtempSync(join(tmpdir(), 'payesh-nnref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One 256 px tile of an 8-bit RGB raster as the network's planar input (value / 255). */
function tileInput(r: Raster, col: number, row: number): Float32Array {
  const out = new Float32Array(3 * 256 * 256);
  for (let b = 0; b < 3; b++)
    for (let y = 0; y < 256; y++)
      for (let x = 0; x < 256; x++) out[b * 65536 + y * 256 + x] = r.bands[b]![(row + y) * r.width + col + x]! / 255;
  return out;
}

const data = needSharedData();
describe.skipIf(data.skip)(`imported TinyCD reproduces the authors' probability maps${data.note}`, () => {
  for (const weights of ['levir', 'whu']) {
    it(`${weights} weights: every levir, whu and dsifn pair within 1e-4 on the authors' tiling (256 px from the top-left, no overlap)`, async () => {
      const path = join(dir, `${weights}.onnx`);
      await importModel({ arch: 'tinycd', weights: join(tinycd, `${weights}_best.pth`), out: path, version: 'test' });
      const model = await openNeuralModel(path, 2);
      let pairs = 0;
      try {
        for (const set of ['levir', 'whu', 'dsifn']) {
          for (const pair of readdirSync(join(tinycd, 'reference', weights, set))) {
            const bench = join(sharedDataDir(), 'cd-bench', set, pair);
            const [before, after, reference] = await Promise.all([
              whole(join(bench, 'before.tif')),
              whole(join(bench, 'after.tif')),
              whole(join(tinycd, 'reference', weights, set, pair, 'prob.tif')),
            ]);
            let worst = 0;
            for (let row = 0; row < before.height; row += 256) {
              for (let col = 0; col < before.width; col += 256) {
                const prob = await model.net.infer(tileInput(before, col, row), tileInput(after, col, row), 256, 256);
                for (let y = 0; y < 256; y++)
                  for (let x = 0; x < 256; x++)
                    worst = Math.max(
                      worst,
                      Math.abs(prob[y * 256 + x]! - reference.bands[0]![(row + y) * before.width + col + x]!),
                    );
              }
            }
            expect(worst, `${set}/${pair}`).toBeLessThan(1e-4);
            pairs++;
          }
        }
      } finally {
        await model.close();
      }
      expect(pairs).toBe(15);
    }, 300_000);
  }
});
