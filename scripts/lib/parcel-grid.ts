import { seededRandom } from '@payesh/testkit';

/** A parcel as a rectangle of before-grid pixels [col0, row0, col1, row1). */
export type PixelRect = readonly [number, number, number, number];

/**
 * A jittered grid of parcels over a width x height raster: rows 20-30 m deep, parcels 12-28 m wide
 * (in pixels of `gsdM`), covering the whole raster, deterministic from the seed.
 */
export function parcelGrid(width: number, height: number, gsdM: number, seed: number): PixelRect[] {
  const rnd = seededRandom(seed);
  const px = (m: number): number => Math.max(4, Math.round(m / gsdM));
  const out: PixelRect[] = [];
  for (let r = 0; r < height; ) {
    const r1 = Math.min(height, r + px(20 + 10 * rnd()));
    for (let c = 0; c < width; ) {
      const c1 = Math.min(width, c + px(12 + 16 * rnd()));
      out.push([c, r, width - c1 < px(6) ? width : c1, height - r1 < px(10) ? height : r1]);
      c = out.at(-1)![2];
    }
    r = out.at(-1)![3];
  }
  return out;
}
