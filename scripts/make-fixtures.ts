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

/**
 * A 1024x1024 0.5 m RGB scene in UTM 38N near Khoy: fields, a street grid and roofs. On the later
 * date, roofs appear in some empty blocks, the light is 6% brighter and the image is misregistered by
 * a pixel.
 */
function khoySample(date: 'before' | 'after' = 'before'): Raster {
  const size = 1024;
  const [r, g, b] = [new Uint8Array(size * size), new Uint8Array(size * size), new Uint8Array(size * size)];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      const street = row % 128 < 12 || col % 160 < 12;
      const block = Math.floor(row / 128) * 7 + Math.floor(col / 160);
      const built = block % 3 !== 0 || (date === 'after' && block % 9 === 3);
      const roof = !street && row % 128 > 30 && row % 128 < 100 && col % 160 > 30 && col % 160 < 120 && built;
      const texture = ((col * 13 + row * 7) % 17) - 8;
      const [vr, vg, vb] = street
        ? [120, 118, 112]
        : roof
          ? block % 2
            ? [178, 84, 64]
            : [196, 196, 190]
          : [96, 122, 70];
      const gain = date === 'after' ? 1.06 : 1;
      r[i] = (vr + texture) * gain;
      g[i] = (vg + texture) * gain;
      b[i] = (vb + texture) * gain;
    }
  }
  return {
    width: size,
    height: size,
    dtype: 'uint8',
    bands: [r, g, b],
    transform: date === 'after' ? [495000.5, 0.5, 0, 4268000, 0, -0.5] : [495000, 0.5, 0, 4268000, 0, -0.5],
    crs: crsFromEpsg(32638),
    nodata: [null, null, null],
  };
}

await writeCog(join(out, 'khoy-sample_32638_uint8_rgb_cog.tif'), khoySample(), {
  blockSize: 256,
  dateTime: '2024:06:01 07:30:00',
});
// The demo pair of `npm run demo`: the same place a year later.
await writeCog(join(out, 'khoy-sample-2025_32638_uint8_rgb_cog.tif'), khoySample('after'), {
  blockSize: 256,
  dateTime: '2025:06:01 07:30:00',
});
console.log('fixtures written to', out);
