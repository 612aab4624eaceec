import type { CityPlan, Material, Rect } from './plan.js';

/** How a date looks: the sun (shadow direction and length), light, season and misregistration. */
export interface DateLook {
  /** Sun azimuth (degrees clockwise from north) and elevation (degrees). */
  readonly sunAzimuth: number;
  readonly sunElevation: number;
  readonly gain: readonly [number, number, number];
  readonly offset: number;
  readonly season: 'spring' | 'summer';
  /** Where the content really is relative to the grid, metres east and south. */
  readonly shiftM: readonly [number, number];
  readonly noiseSeed: number;
}

/** Mid-morning in Khoy (38.5 N): early May, and late July of the next year. */
export const BEFORE_LOOK: DateLook = {
  sunAzimuth: 125,
  sunElevation: 57,
  gain: [1, 1, 1],
  offset: 0,
  season: 'spring',
  shiftM: [0, 0],
  noiseSeed: 11,
};
export const AFTER_LOOK: DateLook = {
  sunAzimuth: 132,
  sunElevation: 63,
  gain: [1.08, 1.05, 0.97],
  offset: 6,
  season: 'summer',
  shiftM: [0.65, -0.45],
  noiseSeed: 29,
};

type Rgb = readonly [number, number, number];
const ROOF: Record<Material, Rgb> = {
  clay: [176, 96, 74],
  concrete: [178, 174, 166],
  metal: [206, 211, 216],
  bitumen: [74, 74, 78],
  mosaic: [192, 181, 150],
};

function hashNoise(c: number, r: number, seed: number): number {
  let h = Math.imul(c, 374761393) ^ Math.imul(r, 668265263) ^ Math.imul(seed, 2147483647);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296 - 0.5;
}

/** Renders one date of the plan as 3 uint8 bands of `size` x `size` pixels of `pixelM` metres. */
export function renderCity(plan: CityPlan, date: 'before' | 'after', size: number, pixelM: number): Uint8Array[] {
  const look = date === 'before' ? BEFORE_LOOK : AFTER_LOOK;
  const n = size * size;
  const rgb = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const shade = new Float32Array(n);
  const present = (when: 'both' | 'before' | 'after'): boolean => when === 'both' || when === date;
  const [sx, sy] = look.shiftM;

  /** Calls paint(i, coverage) for every pixel a rectangle covers, with the covered share of the pixel. */
  const cover = (rect: Rect, paint: (i: number, coverage: number, c: number, r: number) => void): void => {
    const x0 = (rect.x0 + sx) / pixelM,
      x1 = (rect.x1 + sx) / pixelM,
      y0 = (rect.y0 + sy) / pixelM,
      y1 = (rect.y1 + sy) / pixelM;
    for (let r = Math.max(0, Math.floor(y0)); r < Math.min(size, Math.ceil(y1)); r++) {
      const cy = Math.min(r + 1, y1) - Math.max(r, y0);
      for (let c = Math.max(0, Math.floor(x0)); c < Math.min(size, Math.ceil(x1)); c++) {
        const cx = Math.min(c + 1, x1) - Math.max(c, x0);
        if (cx > 0 && cy > 0) paint(r * size + c, cx * cy, c, r);
      }
    }
  };
  const fill = (rect: Rect, colour: (c: number, r: number) => Rgb): void =>
    cover(rect, (i, a, c, r) => {
      const col = colour(c, r);
      for (let b = 0; b < 3; b++) rgb[b]![i] = rgb[b]![i]! * (1 - a) + col[b]! * a;
    });
  const disc = (x: number, y: number, radius: number, paint: (i: number, a: number) => void): void => {
    const cx = (x + sx) / pixelM,
      cy = (y + sy) / pixelM,
      rp = radius / pixelM;
    for (let r = Math.max(0, Math.floor(cy - rp)); r < Math.min(size, Math.ceil(cy + rp)); r++) {
      for (let c = Math.max(0, Math.floor(cx - rp)); c < Math.min(size, Math.ceil(cx + rp)); c++) {
        let inside = 0;
        for (const [dx, dy] of [
          [0.25, 0.25],
          [0.75, 0.25],
          [0.25, 0.75],
          [0.75, 0.75],
        ] as const)
          if ((c + dx - cx) ** 2 + (r + dy - cy) ** 2 <= rp * rp) inside += 0.25;
        if (inside > 0) paint(r * size + c, inside);
      }
    }
  };

  // Ground: asphalt everywhere, then the blocks and parcels.
  for (let i = 0; i < n; i++) [rgb[0]![i], rgb[1]![i], rgb[2]![i]] = [104, 103, 99];
  const soil: Rgb = [168, 147, 116];
  for (const block of plan.blocks) fill(block, () => soil);
  for (const p of plan.parcels) {
    if (p.use === 'park') fill(p.rect, () => (look.season === 'spring' ? [82, 126, 58] : [104, 120, 66]));
    if (p.use === 'field') {
      const stripe = 3 + (p.rect.x0 % 3);
      fill(p.rect, (c) => {
        const row = Math.floor((c * pixelM) / stripe) % 2;
        // Green wheat in spring; harvested stubble in summer.
        return look.season === 'spring'
          ? row
            ? [92, 142, 56]
            : [104, 150, 62]
          : row
            ? [184, 166, 110]
            : [172, 154, 100];
      });
    }
  }
  // Walls between lots (0.3 m, light).
  for (const p of plan.parcels) {
    if (p.use !== 'lot') continue;
    const { x0, y0, x1, y1 } = p.rect;
    for (const wall of [
      { x0, y0, x1, y1: y0 + 0.3 },
      { x0, y0: y1 - 0.3, x1, y1 },
      { x0, y0, x1: x0 + 0.3, y1 },
      { x0: x1 - 0.3, y0, x1, y1 },
    ])
      fill(wall, () => [196, 188, 170]);
  }

  // Shadows, away from the sun: each roof swept along the shadow, trees as discs.
  const az = (look.sunAzimuth * Math.PI) / 180;
  const reach = 1 / Math.tan((look.sunElevation * Math.PI) / 180);
  const [dx, dy] = [-Math.sin(az), Math.cos(az)]; // x east, y south
  for (const roof of plan.roofs) {
    if (!present(roof.when)) continue;
    const length = roof.heightM * reach;
    for (let t = 0.1; t <= 1.0001; t += 0.1) {
      const [ox, oy] = [dx * length * t, dy * length * t];
      cover(
        { x0: roof.rect.x0 + ox, y0: roof.rect.y0 + oy, x1: roof.rect.x1 + ox, y1: roof.rect.y1 + oy },
        (i, a) => (shade[i] = Math.max(shade[i]!, a)),
      );
    }
  }
  for (const tree of plan.trees) {
    if (!present(tree.when)) continue;
    const length = tree.r * 1.6 * reach;
    disc(tree.x + dx * length, tree.y + dy * length, tree.r, (i, a) => (shade[i] = Math.max(shade[i]!, a)));
  }
  for (let i = 0; i < n; i++) {
    const s = 1 - 0.55 * shade[i]!;
    rgb[0]![i] = rgb[0]![i]! * s;
    rgb[1]![i] = rgb[1]![i]! * s;
    rgb[2]![i] = rgb[2]![i]! * (s + 0.08 * shade[i]!);
  }

  // Trees, then roofs (with a brighter parapet and, on clay, tile rows).
  const leaf: Rgb = look.season === 'spring' ? [66, 108, 46] : [50, 84, 40];
  for (const tree of plan.trees)
    if (present(tree.when))
      disc(tree.x, tree.y, tree.r, (i, a) => {
        for (let b = 0; b < 3; b++) rgb[b]![i] = rgb[b]![i]! * (1 - a) + leaf[b]! * a;
      });
  plan.roofs.forEach((roof, k) => {
    if (!present(roof.when)) return;
    const base = ROOF[roof.material];
    const tint = 1 + (((k * 37) % 13) - 6) / 100;
    fill(roof.rect, (_c, r) => {
      const tile = roof.material === 'clay' && Math.floor((r * pixelM) / 0.8) % 2 ? 0.92 : 1;
      return [base[0] * tint * tile, base[1] * tint * tile, base[2] * tint * tile];
    });
    const { x0, y0, x1, y1 } = roof.rect;
    const e = 0.4;
    for (const edge of [
      { x0, y0, x1, y1: y0 + e },
      { x0, y0: y1 - e, x1, y1 },
      { x0, y0, x1: x0 + e, y1 },
      { x0: x1 - e, y0, x1, y1 },
    ])
      fill(edge, () => [Math.min(255, base[0] * 1.12), Math.min(255, base[1] * 1.12), Math.min(255, base[2] * 1.12)]);
  });

  // Light and sensor noise, then 8 bits.
  const out = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      const noise = 7 * hashNoise(c, r, look.noiseSeed);
      for (let b = 0; b < 3; b++)
        out[b]![i] = Math.max(0, Math.min(255, Math.round(rgb[b]![i]! * look.gain[b]! + look.offset + noise)));
    }
  }
  return out;
}
