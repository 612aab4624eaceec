import { findComponents } from '../mask/components.js';
import { runMaskFromPixels } from '../mask/run-mask.js';

/** Counts behind pixel and object precision/recall, summable over pairs. */
export interface ChangeCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly trueObjects: number;
  readonly trueObjectsFound: number;
  readonly predictedObjects: number;
  readonly predictedObjectsRight: number;
}

export interface Prf {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** The smallest object counted: max(4 px, 20 m2) at this pixel size. */
export function minObjectPixels(gsdM: number): number {
  return Math.max(4, Math.ceil(20 / (gsdM * gsdM)));
}

/** Share of a component's pixels that are set in `other`. */
function overlap(runs: Int32Array, other: Uint8Array, width: number): number {
  let hit = 0;
  let all = 0;
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k]! * width;
    for (let c = runs[k + 1]!; c < runs[k + 2]!; c++) hit += other[base + c]! ? 1 : 0;
    all += runs[k + 2]! - runs[k + 1]!;
  }
  return hit / all;
}

/**
 * Compares a predicted change mask with the truth (non-zero = changed), as ../shared/data/README.md
 * defines it: pixel counts, and objects (8-connected components of at least max(4 px, 20 m2)); a true
 * object is found when half its pixels are predicted, a predicted object is right when half its
 * pixels are true.
 */
export function countChanges(
  predicted: Uint8Array,
  truth: Uint8Array,
  width: number,
  height: number,
  gsdM: number,
): ChangeCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < width * height; i++) {
    const [p, t] = [predicted[i] !== 0, truth[i] !== 0];
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  const minPx = minObjectPixels(gsdM);
  const objects = (mask: Uint8Array, other: Uint8Array): [number, number] => {
    const big = findComponents(runMaskFromPixels(mask, width, height)).filter((c) => c.areaPx >= minPx);
    return [big.length, big.filter((c) => overlap(c.runs, other, width) >= 0.5).length];
  };
  const [trueObjects, trueObjectsFound] = objects(truth, predicted);
  const [predictedObjects, predictedObjectsRight] = objects(predicted, truth);
  return { tp, fp, fn, trueObjects, trueObjectsFound, predictedObjects, predictedObjectsRight };
}

export function addCounts(a: ChangeCounts, b: ChangeCounts): ChangeCounts {
  return {
    tp: a.tp + b.tp,
    fp: a.fp + b.fp,
    fn: a.fn + b.fn,
    trueObjects: a.trueObjects + b.trueObjects,
    trueObjectsFound: a.trueObjectsFound + b.trueObjectsFound,
    predictedObjects: a.predictedObjects + b.predictedObjects,
    predictedObjectsRight: a.predictedObjectsRight + b.predictedObjectsRight,
  };
}

export const ZERO_COUNTS: ChangeCounts = {
  tp: 0,
  fp: 0,
  fn: 0,
  trueObjects: 0,
  trueObjectsFound: 0,
  predictedObjects: 0,
  predictedObjectsRight: 0,
};

function prf(hitP: number, allP: number, hitR: number, allR: number): Prf {
  const precision = allP === 0 ? 0 : hitP / allP;
  const recall = allR === 0 ? 0 : hitR / allR;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

export function pixelScores(c: ChangeCounts): Prf {
  return prf(c.tp, c.tp + c.fp, c.tp, c.tp + c.fn);
}

export function objectScores(c: ChangeCounts): Prf {
  return prf(c.predictedObjectsRight, c.predictedObjects, c.trueObjectsFound, c.trueObjects);
}
