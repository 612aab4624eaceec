import { featureHalo, pairFeatures } from '../evidence/features.js';
import { compileGbdt, predictGbdt, type GbdtModel } from '../classify/gbdt.js';
import type { ChangeMethod } from './change-method.js';

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
      const computed = pairFeatures(
        pair.before,
        pair.after,
        pair.roles,
        pair.width,
        pair.height,
        pair.gsdM,
        names,
      ).planes;
      const planes = model.features.map((_, i) => (used.has(i) ? computed[names.indexOf(model.features[i]!)]! : EMPTY));
      const inner = pair.inner ?? { col: 0, row: 0, width: pair.width, height: pair.height };
      if (inner.width === pair.width && inner.height === pair.height)
        return predictGbdt(compiled, planes, pair.width * pair.height);
      // Predict only the wanted pixels (the halo is context for the filters, not output).
      const crop = (p: Float32Array): Float32Array => {
        if (p.length === 0) return p;
        const out = new Float32Array(inner.width * inner.height);
        for (let r = 0; r < inner.height; r++)
          out.set(
            p.subarray(
              (inner.row + r) * pair.width + inner.col,
              (inner.row + r) * pair.width + inner.col + inner.width,
            ),
            r * inner.width,
          );
        return out;
      };
      const predicted = predictGbdt(compiled, planes.map(crop), inner.width * inner.height);
      const full = new Float32Array(pair.width * pair.height).fill(NaN);
      for (let r = 0; r < inner.height; r++)
        full.set(predicted.subarray(r * inner.width, (r + 1) * inner.width), (inner.row + r) * pair.width + inner.col);
      return full;
    },
  };
}
