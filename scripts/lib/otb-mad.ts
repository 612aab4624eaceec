/**
 * The Orfeo ToolBox MAD baseline: otbcli_MultivariateAlterationDetector on the pair (after resampled
 * onto the before grid with gdalwarp when the grids differ), the change magnitude as the sum of the
 * squared MAD variates standardised, and Otsu's threshold.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { addToHistogram, emptyHistogram, otsuThreshold } from '@payesh/core';
import { openGeoTiff } from '@payesh/io';

export function hasOtb(): boolean {
  return spawnSync('sh', ['-c', 'command -v otbcli_MultivariateAlterationDetector'], { stdio: 'ignore' }).status === 0;
}

async function info(path: string) {
  const r = await openGeoTiff(path);
  const i = r.info();
  await r.close();
  return i;
}

/** Runs OTB MAD on a pair folder; returns the change mask on the before grid. */
export async function madChangeMask(pairDir: string, work: string, timing?: { seconds: number }): Promise<Uint8Array> {
  const before = join(pairDir, 'before.tif');
  let after = join(pairDir, 'after.tif');
  const bi = await info(before);
  const ai = await info(after);
  if (
    ai.width !== bi.width ||
    ai.height !== bi.height ||
    JSON.stringify(ai.transform) !== JSON.stringify(bi.transform)
  ) {
    const gt = bi.transform!;
    const warped = join(work, 'mad-after-warped.tif');
    execFileSync('gdalwarp', [
      '-q',
      '-overwrite',
      '-r',
      'bilinear',
      '-t_srs',
      bi.crs!.proj4!,
      '-te',
      String(gt[0]),
      String(gt[3] + bi.height * gt[5]),
      String(gt[0] + bi.width * gt[1]),
      String(gt[3]),
      '-ts',
      String(bi.width),
      String(bi.height),
      after,
      warped,
    ]);
    after = warped;
  }
  const out = join(work, 'mad.tif');
  const started = performance.now();
  execFileSync('otbcli_MultivariateAlterationDetector', ['-in1', before, '-in2', after, '-out', out, 'float'], {
    stdio: 'ignore',
  });
  if (timing) timing.seconds = (performance.now() - started) / 1000;
  const r = await openGeoTiff(out);
  try {
    const mad = await r.read({ col: 0, row: 0, width: bi.width, height: bi.height });
    const n = bi.width * bi.height;
    const magnitude = new Float32Array(n);
    for (const band of mad.bands) {
      let s = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        s += band[i]!;
        ss += band[i]! * band[i]!;
      }
      const mean = s / n;
      const sd = Math.sqrt(Math.max(1e-12, ss / n - mean * mean));
      for (let i = 0; i < n; i++) magnitude[i] = magnitude[i]! + ((band[i]! - mean) / sd) ** 2;
    }
    let max = 0;
    for (const v of magnitude) if (Number.isFinite(v)) max = Math.max(max, v);
    const h = emptyHistogram(0, max || 1, 256);
    addToHistogram(h, magnitude);
    const t = otsuThreshold(h);
    return Uint8Array.from(magnitude, (v) => (v > t ? 1 : 0));
  } finally {
    await r.close();
  }
}
