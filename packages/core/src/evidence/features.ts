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

const px = (metres: number, gsdM: number): number => Math.max(0, Math.round(metres / gsdM));

/**
 * Structure and colour of one date at several scales: brightness, greenness, saturation, red and blue
 * means; local contrast and edge density; bright and dark top-hats (roofs stand out from their
 * surroundings at building scale, shadows fall beside them). Bands are expected scaled to about 0..1.
 */
export function dateFeatures(bands: readonly Float32Array[], roles: BandRoles, width: number, height: number, gsdM: number): Map<string, Float32Array> {
  const n = width * height;
  const [r, g, b] = [bands[roles.red]!, bands[roles.green]!, bands[roles.blue]!];
  const bright = new Float32Array(n);
  const green = new Float32Array(n);
  const sat = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [vr, vg, vb] = [r[i]!, g[i]!, b[i]!];
    bright[i] = (vr + vg + vb) / 3;
    green[i] = roles.nir === null ? 2 * vg - vr - vb : (bands[roles.nir]![i]! - vr) / (bands[roles.nir]![i]! + vr + 1e-6);
    sat[i] = Math.max(vr, vg, vb) - Math.min(vr, vg, vb);
  }
  const out = new Map<string, Float32Array>();
  const grad = gradientMagnitude(bright, width, height);
  const brightSq = bright.map((v) => v * v);
  for (const m of MEAN_RADII_M) {
    const k = px(m, gsdM);
    out.set(`bright${m}`, boxMean(bright, width, height, k));
    out.set(`green${m}`, boxMean(green, width, height, k));
    out.set(`sat${m}`, boxMean(sat, width, height, k));
    out.set(`red${m}`, boxMean(r, width, height, k));
    out.set(`blue${m}`, boxMean(b, width, height, k));
  }
  for (const m of TEXTURE_RADII_M) {
    const k = Math.max(1, px(m, gsdM));
    const mean = boxMean(bright, width, height, k);
    const meanSq = boxMean(brightSq, width, height, k);
    out.set(`std${m}`, mean.map((v, i) => Math.sqrt(Math.max(0, meanSq[i]! - v * v))));
    out.set(`grad${m}`, boxMean(grad, width, height, k));
  }
  for (const m of TOP_HAT_SIZES_M) {
    const k = Math.max(2, px(m, gsdM));
    const opened = openSquare(bright, width, height, k);
    const closed = closeSquare(bright, width, height, k);
    const white = bright.map((v, i) => v - opened[i]!);
    const black = closed.map((v, i) => v - bright[i]!);
    out.set(`wth${m}`, white);
    out.set(`bth${m}`, black);
    out.set(`wthm${m}`, boxMean(white, width, height, Math.max(1, Math.floor(k / 2))));
    out.set(`bthm${m}`, boxMean(black, width, height, Math.max(1, Math.floor(k / 2))));
  }
  return out;
}

/**
 * The evidence stack of a co-registered, normalised pair: for every date feature its value after
 * (`_a`), its change (`_d`, after minus before) and its value before (`_b`).
 */
export function pairFeatures(
  before: readonly Float32Array[],
  after: readonly Float32Array[],
  roles: BandRoles,
  width: number,
  height: number,
  gsdM: number,
): FeatureStack {
  const fb = dateFeatures(before, roles, width, height, gsdM);
  const fa = dateFeatures(after, roles, width, height, gsdM);
  const names: string[] = [];
  const planes: Float32Array[] = [];
  for (const [name, b] of fb) {
    const a = fa.get(name)!;
    names.push(`${name}_a`, `${name}_d`, `${name}_b`);
    planes.push(a, a.map((v, i) => v - b[i]!), b);
  }
  return { width, height, names, planes };
}
