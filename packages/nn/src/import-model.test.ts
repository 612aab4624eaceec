import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, InputError } from '@payesh/core';
import { importModel, readModelCard, readStateDict } from './index.js';
import { hasTinyCd, TINYCD_DIR, TINYCD_MISSING } from './testing/weights.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const levir = join(TINYCD_DIR, 'levir_best.pth');
const whu = join(TINYCD_DIR, 'whu_best.pth');

/** A copy of the LEVIR weights with data.pkl rewritten by `edit` (same length strings keep the pickle valid). */
function editedWeights(name: string, edit: (pickle: Uint8Array) => Uint8Array): string {
  const entries = unzipSync(readFileSync(levir));
  const key = Object.keys(entries).find((k) => k.endsWith('data.pkl'))!;
  entries[key] = edit(entries[key]!) as Uint8Array<ArrayBuffer>;
  const path = join(dir, name);
  writeFileSync(path, zipSync(entries, { level: 0 }));
  return path;
}
const replaceText =
  (from: string, to: string) =>
  (pickle: Uint8Array): Uint8Array =>
    strToU8(Buffer.from(pickle).toString('latin1').replace(from, to), true);

describe.skipIf(!hasTinyCd())(`TinyCD weights import ${hasTinyCd() ? '' : TINYCD_MISSING}`, () => {
  it('reads both published state dicts without Python: 279 tensors, 293,877 numbers', () => {
    for (const file of [levir, whu]) {
      const sd = readStateDict(readFileSync(file), file);
      expect(sd.size).toBe(279);
      expect([...sd.values()].reduce((n, t) => n + t.data.length, 0)).toBe(293_877);
      expect(sd.get('_backbone.0.0.weight')!.shape).toEqual([48, 3, 3, 3]);
    }
    // The WHU file names one block differently; both spellings are read.
    expect(readStateDict(readFileSync(whu), whu).has('_mixing_mask.2._mixing._convmix.0.weight')).toBe(true);
  });

  it('writes one ONNX file with the model card: GSD from the file name, sha256 of the weights, licence', async () => {
    const out = join(dir, 'whu.onnx');
    const card = await importModel({ arch: 'tinycd', weights: whu, out, version: 'test' });
    const read = await readModelCard(out);
    expect(read).toEqual(card);
    expect(card.gsd_m).toBe(0.3);
    expect(card.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.weights.numbers).toBe(293_877);
    expect(card.input.bands).toEqual(['red', 'green', 'blue']);
    expect(card.licence).toMatch(/non-commercial/);
    const again = join(dir, 'whu-again.onnx');
    await importModel({ arch: 'tinycd', weights: whu, out: again, version: 'test', gsdM: 0.25, name: 'city' });
    expect((await readModelCard(again)).gsd_m).toBe(0.25);
    // The same weights make the same graph: only the card differs.
    expect(readFileSync(again).length).toBeGreaterThan(1_000_000);
  });

  it('refuses to run a damaged model file and tells raw weights from a model', async () => {
    const out = join(dir, 'levir.onnx');
    await importModel({ arch: 'tinycd', weights: levir, out, version: 'test' });
    const bytes = readFileSync(out);
    // Invert 400 bytes in the middle of the weights: still a valid protobuf, a different network.
    const damaged = join(dir, 'damaged.onnx');
    writeFileSync(
      damaged,
      bytes.map((b, i) => (i >= 600_000 && i < 600_400 ? 255 - b : b)),
    );
    await expect(readModelCard(damaged)).rejects.toThrow(/damaged/);
    await expect(readModelCard(levir)).rejects.toThrow(/PyTorch weights: import them first/);
  });

  const refuses = async (
    weights: string,
    error: typeof DataError | typeof InputError,
    message: RegExp,
    options: { arch?: string; gsdM?: number } = {},
  ) => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}.onnx`);
    const before = readdirSync(dir).length;
    const attempt = importModel({ arch: options.arch ?? 'tinycd', weights, out, version: 'test', gsdM: options.gsdM });
    await expect(attempt).rejects.toBeInstanceOf(error);
    await expect(attempt).rejects.toThrow(message);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).length).toBe(before);
  };

  it('refuses a truncated file, a file that is not a zip, and a missing one, writing nothing', async () => {
    const truncated = join(dir, 'truncated_levir.pth');
    writeFileSync(truncated, readFileSync(levir).subarray(0, 600_000));
    await refuses(truncated, DataError, /zip|truncated/);
    const text = join(dir, 'levir_text.pth');
    writeFileSync(text, 'not weights at all');
    await refuses(text, DataError, /not a PyTorch weights file/);
    await expect(
      importModel({ arch: 'tinycd', weights: join(dir, 'nope.pth'), out: join(dir, 'x.onnx'), version: 't' }),
    ).rejects.toThrow(/not found/);
  });

  it('refuses unknown keys, missing storages, foreign pickle names and unknown architectures, naming the problem', async () => {
    await refuses(
      editedWeights('renamed_levir.pth', replaceText('_classify._linears.2.0.bias', '_classify._linears.9.0.bias')),
      DataError,
      /unknown key "_classify\._linears\.9\.0\.bias"/,
    );
    await refuses(
      editedWeights('foreign_levir.pth', replaceText('_rebuild_tensor_v2', '_rebuild_tensor_v9')),
      DataError,
      /names torch\._utils\._rebuild_tensor_v9/,
    );
    const entries = unzipSync(readFileSync(levir));
    delete entries[Object.keys(entries).find((k) => k.endsWith('/data/7'))!];
    const missing = join(dir, 'missing_levir.pth');
    writeFileSync(missing, zipSync(entries, { level: 0 }));
    await refuses(missing, DataError, /storage 7/);
    await refuses(levir, InputError, /unknown architecture "unet"; known: tinycd/, { arch: 'unet' });
    const unknownGsd = join(dir, 'city_weights.pth');
    writeFileSync(unknownGsd, readFileSync(levir));
    await refuses(unknownGsd, InputError, /--gsd/);
  });
});
