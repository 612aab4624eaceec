import { boxMean } from '../filters/box-mean.js';
import { featureHalo, pairFeatures } from '../evidence/features.js';
import type { ChangeMethod, PairWindow } from './change-method.js';

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
    const f = pairFeatures(
      pair.before,
      pair.after,
      pair.roles,
      pair.width,
      pair.height,
      pair.gsdM,
      CONSTRUCTION_FEATURES,
    );
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
