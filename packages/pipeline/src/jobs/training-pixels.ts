import { join } from 'node:path';
import {
  DataError,
  drawTrainingPixels as drawSamples,
  estimateAlignment,
  featureHalo,
  pairFeatures,
  readPairWindow,
  tileWindows,
  clipWindow,
  type BandRoles,
  type PixelWindow,
  type TrainingPixels as SampleBatch,
} from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import type { LabelledPair } from './labelled-pairs.js';

export interface TrainingPixelOptions {
  /** Only pixels inside these before-grid windows (all of the pair when omitted). */
  readonly windows?: readonly PixelWindow[];
  readonly perClassPerTile: number;
  readonly seed: number;
  readonly roles?: BandRoles;
  readonly signal?: AbortSignal;
}

/**
 * Training pixels of one labelled pair: up to `perClassPerTile` changed and as many unchanged pixels
 * per tile of its before grid, each with its evidence features and its label.
 */
export async function collectTrainingPixels(
  pair: LabelledPair,
  options: TrainingPixelOptions,
): Promise<{ names: readonly string[]; batch: SampleBatch }> {
  const before = await openGeoTiff(join(pair.dir, 'before.tif'), { signal: options.signal });
  const after = await openGeoTiff(join(pair.dir, 'after.tif'), { signal: options.signal });
  const truth = await openGeoTiff(join(pair.dir, 'truth.tif'), { signal: options.signal });
  try {
    const bi = before.info();
    const ti = truth.info();
    if (ti.width !== bi.width || ti.height !== bi.height)
      throw new DataError(`truth is ${ti.width}x${ti.height}, before is ${bi.width}x${bi.height}`, {
        file: truth.path,
      });
    const alignment = await estimateAlignment(before, after, { roles: options.roles, signal: options.signal });
    const halo = featureHalo(alignment.gsdM);
    const regions = options.windows ?? [{ col: 0, row: 0, width: bi.width, height: bi.height }];
    const parts: SampleBatch[] = [];
    let names: readonly string[] = [];
    let seed = options.seed;
    for (const region of regions) {
      for (const t of tileWindows(region.width, region.height, 512)) {
        const w = clipWindow({ ...t, col: t.col + region.col, row: t.row + region.row }, bi.width, bi.height);
        if (w === null) continue;
        const { pair: pw, inner } = await readPairWindow(before, after, alignment, w, halo, options.signal);
        const stack = pairFeatures(pw.before, pw.after, pw.roles, pw.width, pw.height, pw.gsdM);
        names = stack.names;
        const labels = (await truth.read(w, { bands: [0], signal: options.signal })).bands[0]!;
        parts.push(
          drawSamples(
            stack,
            Uint8Array.from(labels, (v) => (v ? 1 : 0)),
            { ...inner, width: w.width, height: w.height },
            options.perClassPerTile,
            seed++,
          ),
        );
      }
    }
    return { names, batch: concatTrainingPixels(parts) };
  } finally {
    await Promise.all([before.close(), after.close(), truth.close()]);
  }
}

/** Training pixels of several windows or pairs as one set (feature columns and labels). */
export function concatTrainingPixels(parts: readonly SampleBatch[]): SampleBatch {
  const n = parts.reduce((s, p) => s + p.labels.length, 0);
  const nf = parts.find((p) => p.columns.length > 0)?.columns.length ?? 0;
  const columns = Array.from({ length: nf }, () => new Float32Array(n));
  const labels = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    if (p.labels.length === 0) continue;
    p.columns.forEach((c, f) => columns[f]!.set(c, at));
    labels.set(p.labels, at);
    at += p.labels.length;
  }
  return { columns, labels };
}
