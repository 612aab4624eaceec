import { boxMean } from '../filters/box-mean.js';
import { gradientMagnitude } from '../filters/gradient.js';
import { closeSquare, openSquare } from '../filters/min-max-filter.js';
import type { BandRoles } from './band-roles.js';

/** Per-pixel evidence of one window: named planes of the window's size. */
export interface FeatureStack {
  readonly width: number;
  readonly height: number;
  readonly names: readonly string[];
  readonly planes: readonly Float32Array[];
}

/** Scales in metres; converted to pixels with the ground sample distance. */
const MEAN_RADII_M = [0, 2, 5, 10] as const;
const TEXTURE_RADII_M = [2, 5, 10] as const;
const TOP_HAT_SIZES_M = [4, 8, 16] as const;

/** Pixels of context a feature needs on each side of a window (the halo to read). */
export function featureHalo(gsdM: number): number {
  const topHat = Math.max(2, px(TOP_HAT_SIZES_M.at(-1)!, gsdM));
  return Math.max(px(MEAN_RADII_M.at(-1)!, gsdM), topHat + Math.floor(topHat / 2)) + 4;
}

/**
 * Each ground scale also spans a least number of pixels, so coarse sensors keep context (at 10 m a
 * "2 m" mean would otherwise be one pixel, the same as "0 m"). Fine imagery (under ~1 m) is unaffected.
 */
const PIXEL_FLOOR: Readonly<Record<number, number>> = { 0: 0, 2: 1, 4: 2, 5: 2, 8: 4, 10: 4, 16: 8 };
const px = (metres: number, gsdM: number): number => Math.max(PIXEL_FLOOR[metres] ?? 0, Math.round(metres / gsdM));

/** Names of the per-date features, in a fixed order. */
export const DATE_FEATURES: readonly string[] = [
  ...MEAN_RADII_M.flatMap((m) => [`bright${m}`, `green${m}`, `sat${m}`, `red${m}`, `blue${m}`]),
  ...TEXTURE_RADII_M.flatMap((m) => [`std${m}`, `grad${m}`]),
  ...TOP_HAT_SIZES_M.flatMap((m) => [`wth${m}`, `bth${m}`, `wthm${m}`, `bthm${m}`]),
];

/** Names of the pair features: every date feature after (`_a`), its change (`_d`) and before (`_b`). */
export const PAIR_FEATURES: readonly string[] = DATE_FEATURES.flatMap((f) => [`${f}_a`, `${f}_d`, `${f}_b`]);

/**
 * Structure and colour of one date at several scales, computed on demand and kept: brightness,
 * greenness (NDVI with a near-infrared band, else 2G-R-B), saturation, red and blue means; local
 * contrast and edge density; bright and dark top-hats (roofs stand out from their surroundings at
 * building scale, shadows fall beside them). Bands are expected scaled to about 0..1.
 */
export function dateFeatures(
  bands: readonly Float32Array[],
  roles: BandRoles,
  width: number,
  height: number,
  gsdM: number,
): (name: string) => Float32Array {
  const n = width * height;
  const [r, g, b] = [bands[roles.red]!, bands[roles.green]!, bands[roles.blue]!];
  const cache = new Map<string, Float32Array>();
  const memo = (key: string, make: () => Float32Array): Float32Array => {
    let v = cache.get(key);
    if (!v) cache.set(key, (v = make()));
    return v;
  };
  const base = (name: string): Float32Array =>
    memo(`base:${name}`, () => {
      switch (name) {
        case 'bright': {
          const out = new Float32Array(n);
          for (let i = 0; i < n; i++) out[i] = (r[i]! + g[i]! + b[i]!) / 3;
          return out;
        }
        case 'green': {
          const out = new Float32Array(n);
          const nir = roles.nir === null ? null : bands[roles.nir]!;
          if (nir === null) for (let i = 0; i < n; i++) out[i] = 2 * g[i]! - r[i]! - b[i]!;
          else for (let i = 0; i < n; i++) out[i] = (nir[i]! - r[i]!) / (nir[i]! + r[i]! + 1e-6);
          return out;
        }
        case 'sat': {
          const out = new Float32Array(n);
          for (let i = 0; i < n; i++) {
            const [vr, vg, vb] = [r[i]!, g[i]!, b[i]!];
            out[i] =
              (vr > vg ? (vr > vb ? vr : vb) : vg > vb ? vg : vb) - (vr < vg ? (vr < vb ? vr : vb) : vg < vb ? vg : vb);
          }
          return out;
        }
        case 'red':
          return r;
        case 'blue':
          return b;
        case 'grad':
          return gradientMagnitude(base('bright'), width, height);
        case 'brightSq': {
          const bright = base('bright');
          const out = new Float32Array(n);
          for (let i = 0; i < n; i++) out[i] = bright[i]! * bright[i]!;
          return out;
        }
        default:
          throw new RangeError(`no base plane ${name}`);
      }
    });
  const topHat = (m: number, white: boolean): Float32Array =>
    memo(`${white ? 'wth' : 'bth'}${m}`, () => {
      const k = Math.max(2, px(m, gsdM));
      const bright = base('bright');
      const filtered = white ? openSquare(bright, width, height, k) : closeSquare(bright, width, height, k);
      const out = new Float32Array(n);
      if (white) for (let i = 0; i < n; i++) out[i] = bright[i]! - filtered[i]!;
      else for (let i = 0; i < n; i++) out[i] = filtered[i]! - bright[i]!;
      return out;
    });
  const feature = (name: string): Float32Array =>
    memo(name, () => {
      const match = /^([a-z]+?)(\d+)$/.exec(name);
      if (!match) throw new RangeError(`unknown feature ${name}`);
      const [, kind, metres] = match as unknown as [string, string, string];
      const m = Number(metres);
      switch (kind) {
        case 'bright':
        case 'green':
        case 'sat':
        case 'red':
        case 'blue':
          return boxMean(base(kind), width, height, px(m, gsdM));
        case 'std': {
          const k = Math.max(1, px(m, gsdM));
          const mean = boxMean(base('bright'), width, height, k);
          const meanSq = boxMean(base('brightSq'), width, height, k);
          const out = new Float32Array(n);
          for (let i = 0; i < n; i++) {
            const v = meanSq[i]! - mean[i]! * mean[i]!;
            out[i] = v > 0 ? Math.sqrt(v) : v === v ? 0 : NaN;
          }
          return out;
        }
        case 'grad':
          return boxMean(base('grad'), width, height, Math.max(1, px(m, gsdM)));
        case 'wth':
        case 'bth':
          return topHat(m, kind === 'wth');
        case 'wthm':
        case 'bthm':
          return boxMean(
            topHat(m, kind === 'wthm'),
            width,
            height,
            Math.max(1, Math.floor(Math.max(2, px(m, gsdM)) / 2)),
          );
        default:
          throw new RangeError(`unknown feature ${name}`);
      }
    });
  return feature;
}

/**
 * The evidence stack of a co-registered, normalised pair: for every date feature its value after
 * (`_a`), its change (`_d`, after minus before) and its value before (`_b`). Only `names` are
 * computed (all of PAIR_FEATURES when omitted), in that order.
 */
export function pairFeatures(
  before: readonly Float32Array[],
  after: readonly Float32Array[],
  roles: BandRoles,
  width: number,
  height: number,
  gsdM: number,
  names: readonly string[] = PAIR_FEATURES,
): FeatureStack {
  const fb = dateFeatures(before, roles, width, height, gsdM);
  const fa = dateFeatures(after, roles, width, height, gsdM);
  const planes = names.map((name) => {
    const match = /^(.+)_([adb])$/.exec(name);
    if (!match) throw new RangeError(`unknown feature ${name}`);
    const [, base, which] = match as unknown as [string, string, 'a' | 'd' | 'b'];
    if (which === 'a') return fa(base);
    if (which === 'b') return fb(base);
    const [a, b] = [fa(base), fb(base)];
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
    return out;
  });
  return { width, height, names, planes };
}
