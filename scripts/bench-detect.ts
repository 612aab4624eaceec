/**
 * Speed and memory of `payesh detect` on generated pairs (3-band uint8, 0.3 m, UTM 38N; made by
 * scripts/make-large-cog.ts into $PAYESH_BENCH_DIR, default /tmp/payesh-bench, not committed), with
 * Orfeo ToolBox MAD timed on the same pair where it is installed. Whole-command wall time, megapixels
 * per second, CPU use (user+sys over wall: 2.0 means both cores busy) and peak RSS from /usr/bin/time.
 * With an ONNX model (`--model X.onnx`, from `payesh model import`) the method is `neural`, and where a
 * Python with torch and GDAL is found ($PAYESH_PYTHON, python3, /usr/bin/python3) the same pair is also run
 * by a plain PyTorch TinyCD (scripts/lib/tinycd_torch.py, `--weights`), resampled to the scale Payesh
 * recorded in run.json, timing only its forward passes: a baseline for Payesh's whole command.
 *
 * Run: pnpm bench:detect [sizes=5120,20000] [--method construction] [--model FILE] [--weights W.pth] [--analysis-gsd M] [--workers N]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseRunRecord } from '@payesh/contract';
import { benchPair } from './lib/bench-pair.js';
import { measureCommand, type Measured } from './lib/measure-command.js';
import { hasOtb } from './lib/otb-mad.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    method: { type: 'string' },
    model: { type: 'string' },
    weights: { type: 'string' },
    'analysis-gsd': { type: 'string' },
    workers: { type: 'string' },
  },
});
const neural = values.model?.endsWith('.onnx') === true;
const method = values.method ?? (neural ? 'neural' : 'construction');
const sizes = (positionals[0] ?? '5120,20000').split(',').map(Number);
const dir = process.env.PAYESH_BENCH_DIR ?? '/tmp/payesh-bench';
mkdirSync(dir, { recursive: true });
const root = new URL('..', import.meta.url).pathname;

/** What scripts/lib/tinycd_torch.py `time` prints. */
interface TorchTiming {
  seconds_inference: number;
  megapixels_model: number;
  megapixels_image: number;
  mpx_per_s_image: number;
  threads: number;
  tiles: number;
}

/** A Python that imports torch and GDAL's bindings (python3 on PATH may be another one, e.g. pyenv's), or null. */
function torchPython(): string | null {
  for (const py of [process.env.PAYESH_PYTHON, 'python3', '/usr/bin/python3']) {
    if (py && spawnSync(py, ['-c', 'import torch; from osgeo import gdal'], { stdio: 'ignore' }).status === 0)
      return py;
  }
  return null;
}
const python = neural ? torchPython() : null;
const weights = values.weights ?? join(root, '../shared/data/models/tinycd/levir_best.pth');

const measure = (cmd: string, args: string[]): Measured => measureCommand(cmd, args, root);

for (const size of sizes) {
  const { before, after } = benchPair(dir, size, root);
  const mp = (size * size) / 1e6;
  const out = join(dir, `detect-${size}`);
  rmSync(out, { recursive: true, force: true });
  const args = [
    '--import',
    'tsx',
    'packages/cli/src/bin.ts',
    'detect',
    '--before',
    before,
    '--after',
    after,
    '--out',
    out,
    '--overwrite',
    '--method',
    method,
  ];
  if (values.model) args.push('--model', values.model);
  if (values['analysis-gsd']) args.push('--analysis-gsd', values['analysis-gsd']);
  if (values.workers) args.push('--workers', values.workers);
  const label = `--method ${method}${values['analysis-gsd'] ? ` --analysis-gsd ${values['analysis-gsd']}` : ''}${values.workers ? ` --workers ${values.workers}` : ''}`;
  const d = measure(process.execPath, args);
  console.log(
    `${size}x${size} (${mp.toFixed(1)} MP) payesh detect ${label}: ${d.seconds.toFixed(1)} s, ${(mp / d.seconds).toFixed(2)} MP/s, CPU ${d.cpu.toFixed(2)} cores, peak RSS ${d.peakMiB} MiB`,
  );
  if (python) {
    // The network on the same pair at the scale Payesh ran it (model px per grid px), on every core.
    const run = parseRunRecord(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')));
    const scale = run.method.inference?.model_px_per_grid_px;
    if (scale === undefined) throw new Error(`${out}/run.json: a neural run records method.inference`);
    const threads = availableParallelism();
    const t = measure(python, [
      'scripts/lib/tinycd_torch.py',
      'time',
      weights,
      before,
      after,
      '--scale',
      String(scale),
      '--threads',
      String(threads),
    ]);
    const py = JSON.parse(t.stdout.trim().split('\n').at(-1)!) as TorchTiming;
    console.log(
      `${size}x${size} (${mp.toFixed(1)} MP) PyTorch TinyCD inference alone (--scale ${scale}: ${py.megapixels_model.toFixed(1)} model MP, ${py.tiles} tiles of 256, ${py.threads} threads): ` +
        `${py.seconds_inference.toFixed(1)} s, ${py.mpx_per_s_image.toFixed(2)} MP/s (whole script ${t.seconds.toFixed(1)} s, CPU ${t.cpu.toFixed(2)} cores, peak RSS ${t.peakMiB} MiB)`,
    );
    const ratio = py.seconds_inference / d.seconds;
    console.log(
      `${size}x${size} Payesh whole detect is ${ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`} than PyTorch inference alone`,
    );
  } else if (neural)
    console.log(`${size}x${size} PyTorch TinyCD: skipped (no Python with torch and GDAL; set PAYESH_PYTHON)`);
  if (hasOtb() && size <= 8192) {
    const mad = join(dir, `mad-${size}.tif`);
    const o = measure('otbcli_MultivariateAlterationDetector', ['-in1', before, '-in2', after, '-out', mad, 'float']);
    console.log(
      `${size}x${size} (${mp.toFixed(1)} MP) otbcli_MultivariateAlterationDetector: ${o.seconds.toFixed(1)} s, ${(mp / o.seconds).toFixed(2)} MP/s, CPU ${o.cpu.toFixed(2)} cores, peak RSS ${o.peakMiB} MiB`,
    );
    rmSync(mad, { force: true });
  }
}
