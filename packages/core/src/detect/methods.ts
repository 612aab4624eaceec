import { boxMean } from '../filters/box-mean.js';
import { featureHalo, pairFeatures } from '../evidence/features.js';
import { compileGbdt, predictGbdt, type GbdtModel } from '../classify/gbdt.js';
import { InputError } from '../errors.js';
import type { ChangeMethod, MethodOptions, PairWindow } from './method.js';

/** Change vector analysis: the length of the per-pixel change vector, scaled to 0..1. A classic baseline. */
export const cvaMethod: ChangeMethod = {
  name: 'cva',
  description: 'change-vector analysis with an Otsu threshold (classic baseline)',
  threshold: 'otsu',
  halo: () => 0,
  score(pair) {
    const n = pair.width * pair.height;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let b = 0; b < pair.before.length; b++) s += (pair.after[b]![i]! - pair.before[b]![i]!) ** 2;
      out[i] = Math.min(1, Math.sqrt(s / pair.before.length));
    }
    return out;
  },
};

const CONSTRUCTION_FEATURES = ['bright2_d', 'red2_d', 'blue2_d', 'green2_d', 'wthm8_d', 'bthm8_d', 'std2_d'];

/**
 * Unsupervised construction evidence: change of the smoothed colour (robust to small misregistration),
 * weighted up where built structure appears or disappears (bright and dark top-hats at building scale:
 * roofs and their shadows) and where vegetation is lost, then smoothed at roof scale.
 */
export const constructionMethod: ChangeMethod = {
  name: 'construction',
  description: 'unsupervised: smoothed colour change weighted by structure and vegetation change, Otsu threshold',
  threshold: 'otsu',
  halo: (gsdM) => featureHalo(gsdM) + Math.ceil(2 / gsdM),
  score(pair: PairWindow) {
    const f = pairFeatures(pair.before, pair.after, pair.roles, pair.width, pair.height, pair.gsdM, CONSTRUCTION_FEATURES);
    const [bright, red, blue, green, white, dark, std] = f.planes;
    const n = pair.width * pair.height;
    const raw = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const colour = Math.sqrt((bright![i]! ** 2 + red![i]! ** 2 + blue![i]! ** 2) / 3);
      const structure = Math.abs(white![i]!) + Math.abs(dark![i]!) + Math.abs(std![i]!);
      const greenLoss = Math.max(0, -green![i]!);
      raw[i] = colour * (1 + 4 * structure) + 0.5 * greenLoss;
    }
    const smooth = boxMean(raw, pair.width, pair.height, Math.max(1, Math.round(1 / pair.gsdM)));
    return smooth.map((v) => (Number.isNaN(v) ? NaN : Math.min(1, v)));
  },
};

const EMPTY = new Float32Array(0);

/** The learned model of `payesh train`: boosted trees over the evidence stack; threshold 0.5. */
export function learnedMethod(model: GbdtModel): ChangeMethod {
  const compiled = compileGbdt(model);
  // Only the features some tree splits on are computed; the others get an empty plane.
  const used = new Set(model.trees.flatMap((t) => t.filter((node) => node.f >= 0).map((node) => node.f)));
  const names = model.features.filter((_, i) => used.has(i));
  return {
    name: 'learned',
    description: `gradient-boosted trees (${model.trees.length} trees over ${model.features.length} features) trained by payesh train`,
    threshold: 0.5,
    halo: (gsdM) => featureHalo(gsdM),
    score(pair) {
      const computed = pairFeatures(pair.before, pair.after, pair.roles, pair.width, pair.height, pair.gsdM, names).planes;
      const planes = model.features.map((_, i) => (used.has(i) ? computed[names.indexOf(model.features[i]!)]! : EMPTY));
      const inner = pair.inner ?? { col: 0, row: 0, width: pair.width, height: pair.height };
      if (inner.width === pair.width && inner.height === pair.height) return predictGbdt(compiled, planes, pair.width * pair.height);
      // Predict only the wanted pixels (the halo is context for the filters, not output).
      const crop = (p: Float32Array): Float32Array => {
        if (p.length === 0) return p;
        const out = new Float32Array(inner.width * inner.height);
        for (let r = 0; r < inner.height; r++) out.set(p.subarray((inner.row + r) * pair.width + inner.col, (inner.row + r) * pair.width + inner.col + inner.width), r * inner.width);
        return out;
      };
      const predicted = predictGbdt(compiled, planes.map(crop), inner.width * inner.height);
      const full = new Float32Array(pair.width * pair.height).fill(NaN);
      for (let r = 0; r < inner.height; r++) full.set(predicted.subarray(r * inner.width, (r + 1) * inner.width), (inner.row + r) * pair.width + inner.col);
      return full;
    },
  };
}

export const METHOD_NAMES = ['construction', 'cva', 'learned'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The method by name; `learned` needs a model, and a model implies `learned`. */
export function methodByName(name: string | undefined, options: MethodOptions = {}): ChangeMethod {
  const chosen = name ?? (options.model ? 'learned' : 'construction');
  switch (chosen) {
    case 'construction':
      return constructionMethod;
    case 'cva':
      return cvaMethod;
    case 'learned':
      if (!options.model) throw new InputError('method "learned" needs a model (--model model.json from payesh train)');
      return learnedMethod(options.model);
    default:
      // neural is chosen before this (it runs a network file, not a per-window method) but is one to name.
      throw new InputError(`unknown method "${chosen}"; known: ${[...METHOD_NAMES, 'neural'].join(', ')}`);
  }
}
