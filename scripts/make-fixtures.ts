/**
 * Generates the small committed fixtures under fixtures/ (deterministic: same bytes every run).
 * Run: pnpm fixtures
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Raster } from '@payesh/core';
import { crsFromEpsg, writeCog } from '@payesh/io';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'fixtures');
mkdirSync(out, { recursive: true });

/** A 1024x1024 0.5 m RGB scene in UTM 38N near Khoy: fields, a street grid and roofs. */
function khoySample(): Raster {
  const size = 1024;
  const [r, g, b] = [new Uint8Array(size * size), new Uint8Array(size * size), new Uint8Array(size * size)];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      const street = row % 128 < 12 || col % 160 < 12;
      const block = Math.floor(row / 128) * 7 + Math.floor(col / 160);
      const roof = !street && row % 128 > 30 && row % 128 < 100 && col % 160 > 30 && col % 160 < 120 && block % 3 !== 0;
      const texture = ((col * 13 + row * 7) % 17) - 8;
      const [vr, vg, vb] = street ? [120, 118, 112] : roof ? (block % 2 ? [178, 84, 64] : [196, 196, 190]) : [96, 122, 70];
      r[i] = vr + texture;
      g[i] = vg + texture;
      b[i] = vb + texture;
    }
  }
  return {
    width: size,
    height: size,
    dtype: 'uint8',
    bands: [r, g, b],
    transform: [495000, 0.5, 0, 4268000, 0, -0.5],
    crs: crsFromEpsg(32638),
    nodata: [null, null, null],
  };
}

await writeCog(join(out, 'khoy-sample_32638_uint8_rgb_cog.tif'), khoySample(), { blockSize: 256, dateTime: '2024:06:01 07:30:00' });
console.log('fixtures written to', out);
