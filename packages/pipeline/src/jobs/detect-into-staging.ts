import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  estimateAlignment,
  regionsToGeoJson,
  runDetection,
  SCORE_NODATA,
  SCORE_SCALE,
  type Alignment,
  type DetectionResult,
  type RasterInfo,
  type RasterReader,
  type RasterSink,
} from '@payesh/core';
import { openGeoTiff, rasterInfoToJson, redactUrl, writeCogFromStrips } from '@payesh/io';
import type { DetectJob } from './detect-options.js';
import { prepareScoring, readJobModel, type Scoring } from './detect-scoring.js';
import { sha256Input } from './file-digest.js';

/** run.json's record of an input: a URL without its credentials (user:pass@, a signed query string). */
function describeInput(pathOrUrl: string, info: RasterInfo, sha256: string): Record<string, unknown> {
  return { path: redactUrl(pathOrUrl), sha256, ...rasterInfoToJson(info) };
}

/** What detection leaves for the caller: the regions, the alignment and run.json's record so far. */
export interface DetectedChange {
  readonly result: DetectionResult;
  readonly alignment: Alignment;
  readonly changedAreaM2: number;
  readonly run: Record<string, unknown>;
  /** performance.now() when detection began. */
  readonly startedAt: number;
}

/** The files detection writes into the staging folder (run.json is the caller's). */
export const DETECT_OUTPUTS = ['change-score.tif', 'change-mask.tif', 'changes.geojson'] as const;

/**
 * Detection into a staging folder (the rasters and changes.geojson), without run.json: the caller
 * adds to the record and writes it. Closes what it opens, also on failure.
 */
export async function detectIntoStaging(job: DetectJob, staging: string): Promise<DetectedChange> {
  const started = performance.now();
  const { options, signal } = job;
  const model = await readJobModel(options);
  const readers: RasterReader[] = [];
  let scoring: Scoring | null = null;
  try {
    const before = await openGeoTiff(options.before, { signal, limits: options.rasterLimits });
    readers.push(before);
    const after = await openGeoTiff(options.after, { signal, limits: options.rasterLimits });
    readers.push(after);
    const alignStarted = performance.now();
    const alignment = await estimateAlignment(before, after, { roles: options.roles, signal });
    const alignMs = performance.now() - alignStarted;
    const sink: RasterSink = async (name, spec, strip) => {
      const path = join(staging, `${name}.tif`);
      await writeCogFromStrips(path, spec, (w) => strip(w), {
        signal,
        resampling: name === 'change-mask' ? 'nearest' : 'average',
        blockSize: 512,
      });
      return openGeoTiff(path); // runDetection owns and closes it
    };
    const prepared = await prepareScoring(options, model, before, after, alignment);
    scoring = prepared;
    const { analysis, method, workers } = prepared;
    const result = await runDetection({
      before,
      after,
      alignment,
      method,
      minAreaM2: options.minAreaM2,
      sink,
      scorer: prepared.scorer,
      reverseScorer: prepared.reverseScorer,
      analysis,
      tileSize: prepared.tileSize,
      blend: prepared.blend,
      signal,
      onProgress: job.onProgress,
    });
    await scoring.close();
    scoring = null;
    const geojson = regionsToGeoJson(result.regions, alignment.beforeGrid);
    await writeFile(join(staging, 'changes.geojson'), `${JSON.stringify(geojson)}\n`);
    const [beforeSha, afterSha] = await Promise.all([
      sha256Input(options.before, signal),
      sha256Input(options.after, signal),
    ]);
    const changedAreaM2 = result.regions.reduce((s, r) => s + r.areaM2, 0);
    const run = {
      payesh: job.version,
      command: 'detect',
      inputs: {
        before: describeInput(options.before, before.info(), beforeSha),
        after: describeInput(options.after, after.info(), afterSha),
      },
      method: prepared.record,
      parameters: {
        min_area_m2: options.minAreaM2,
        tile_size: prepared.tileSize,
        workers,
        analysis_gsd_m: options.analysisGsdM ?? null,
        bands: alignment.roles,
      },
      grid: {
        width: alignment.beforeGrid.width,
        height: alignment.beforeGrid.height,
        gsd_m: alignment.gsdM,
        epsg: alignment.beforeGrid.crs?.epsg ?? null,
      },
      analysis: {
        gsd_m: analysis.alignment.gsdM,
        before_level: analysis.levels.before,
        after_level: analysis.levels.after,
      },
      overlap: alignment.overlap,
      shift_px: {
        dx: round(alignment.shift.dx, 3),
        dy: round(alignment.shift.dy, 3),
        blocks_agreeing: alignment.shift.blocks,
        applied: prepared.shifted,
      },
      radiometric_normalisation: {
        bands: alignment.normalisation.bands,
        invariant_share: round(alignment.normalisation.invariantShare, 3),
        applied: prepared.normalised,
      },
      stretch: alignment.stretch,
      threshold: round(result.threshold, 4),
      score_encoding: { scale: 1 / SCORE_SCALE, nodata: SCORE_NODATA },
      results: {
        regions: result.regions.length,
        changed_area_m2: round(changedAreaM2, 1),
        changed_pixels: result.changedPixels,
      },
      timings_ms: { align: Math.round(alignMs), ...mapValues(result.timingsMs, Math.round) },
    };
    for (const r of readers.splice(0)) await r.close();
    return { result, alignment, changedAreaM2, run, startedAt: started };
  } catch (error) {
    await scoring?.close();
    for (const r of readers) await r.close().catch(() => undefined);
    throw error;
  }
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

function mapValues<T extends Record<string, number>>(o: T, f: (v: number) => number): Record<keyof T, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as Record<keyof T, number>;
}
