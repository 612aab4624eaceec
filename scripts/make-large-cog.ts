/**
 * Generates a large synthetic COG for benchmarks (not committed): a city-like RGB scene in UTM 38N,
 * written strip by strip with bounded memory. Deterministic. The "after" date has new roofs in one
 * empty block of five and is 8% brighter.
 * Run: pnpm exec tsx scripts/make-large-cog.ts <out.tif> [size=40000] [before|after]
 */
import type { PixelWindow, Raster } from '@payesh/core';
import { crsFromEpsg, writeCogFromStrips } from '@payesh/io';

const [out, sizeArg, dateArg] = process.argv.slice(2);
if (!out || (dateArg !== undefined && dateArg !== 'before' && dateArg !== 'after')) {
  console.error('usage: make-large-cog.ts <out.tif> [size] [before|after]');
  process.exit(2);
}
const size = Number(sizeArg ?? 40000);
const after = dateArg === 'after';

/** Streets every 128 x 160 px, roofs in most blocks, fields elsewhere, a little texture. */
function strip(window: PixelWindow): Raster {
  const n = window.width * window.height;
  const [r, g, b] = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  for (let y = 0; y < window.height; y++) {
    const row = window.row + y;
    for (let col = 0; col < window.width; col++) {
      const i = y * window.width + col;
      const street = row % 128 < 12 || col % 160 < 12;
      const block = Math.floor(row / 128) * 7 + Math.floor(col / 160);
      const built = block % 3 !== 0 || (after && Math.imul(block, 7919) % 5 === 0);
      const roof = !street && row % 128 > 30 && row % 128 < 100 && col % 160 > 30 && col % 160 < 120 && built;
      const grain = (Math.imul(col, 73856093) ^ Math.imul(row, 19349663)) >>> 28;
      const texture = ((col * 13 + row * 7 + block * 5) % 17) - 8 + grain;
      const base = street ? 118 : roof ? (block % 2 ? 84 : 196) : 110;
      const gain = after ? 1.08 : 1;
      r[i] = Math.min(255, (base + texture + (roof && block % 2 ? 94 : 0)) * gain);
      g[i] = Math.min(255, (base + texture + (street || roof ? 0 : 12)) * gain);
      b[i] = Math.min(255, (base + texture - (street || roof ? 0 : 40)) * gain);
    }
  }
  return {
    width: window.width,
    height: window.height,
    dtype: 'uint8',
    bands: [r, g, b],
    transform: null,
    crs: null,
    nodata: [null, null, null],
  };
}

const started = performance.now();
let lastReport = 0;
await writeCogFromStrips(
  out,
  {
    width: size,
    height: size,
    dtype: 'uint8',
    bandCount: 3,
    transform: [400000, 0.3, 0, 4300000, 0, -0.3],
    crs: crsFromEpsg(32638),
    nodata: [null, null, null],
  },
  async (w) => strip(w),
  {
    onProgress: (done, all) => {
      if (performance.now() - lastReport > 10000 || done === all) {
        lastReport = performance.now();
        console.error(`make-large-cog: ${((100 * done) / all).toFixed(0)}% of rows`);
      }
    },
  },
);
const seconds = (performance.now() - started) / 1000;
const mp = (size * size) / 1e6;
console.log(
  JSON.stringify({
    file: out,
    width: size,
    height: size,
    seconds: +seconds.toFixed(1),
    mpPerSecond: +(mp / seconds).toFixed(1),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
