/**
 * Speed and memory of `payesh detect` on generated pairs (3-band uint8, 0.3 m, UTM 38N; made by
 * scripts/make-large-cog.ts into $PAYESH_BENCH_DIR, default /tmp/payesh-bench, not committed), with
 * Orfeo ToolBox MAD timed on the same pair where it is installed. Whole-command wall time, megapixels
 * per second, CPU use (user+sys over wall: 2.0 means both cores busy) and peak RSS from /usr/bin/time.
 *
 * Run: pnpm bench:detect [sizes=5120,20000] [--method construction] [--model FILE] [--analysis-gsd M] [--workers N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasOtb } from './lib/otb-mad.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { method: { type: 'string', default: 'construction' }, model: { type: 'string' }, 'analysis-gsd': { type: 'string' }, workers: { type: 'string' } } });
const sizes = (positionals[0] ?? '5120,20000').split(',').map(Number);
const dir = process.env.PAYESH_BENCH_DIR ?? '/tmp/payesh-bench';
mkdirSync(dir, { recursive: true });
const root = new URL('..', import.meta.url).pathname;

interface Measured {
  seconds: number;
  cpu: number;
  peakMiB: number;
}

/** Runs a command under /usr/bin/time -v; returns wall seconds, CPU share and peak RSS. */
function measure(cmd: string, args: string[]): Measured {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.split('\n').slice(-30).join('\n')}`);
  const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(r.stderr)![1]!.trim();
  const [h, m, s] = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').map(Number).reverse().concat([0, 0]).slice(0, 3).reverse();
  const seconds = (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
  const cpu = (Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'))) / seconds;
  return { seconds, cpu, peakMiB: Math.round(Number(field('Maximum resident set size \\(kbytes\\)')) / 1024) };
}

for (const size of sizes) {
  const before = join(dir, `pair-${size}_before.tif`);
  const after = join(dir, `pair-${size}_after.tif`);
  for (const [path, date] of [[before, 'before'], [after, 'after']] as const) {
    if (existsSync(path)) continue;
    console.error(`bench:detect: generating ${path}`);
    execFileSync('pnpm', ['exec', 'tsx', 'scripts/make-large-cog.ts', path, String(size), date], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const mp = (size * size) / 1e6;
  const out = join(dir, `detect-${size}`);
  rmSync(out, { recursive: true, force: true });
  const args = ['--import', 'tsx', 'packages/cli/src/bin.ts', 'detect', '--before', before, '--after', after, '--out', out, '--method', values.method!];
  if (values.model) args.push('--model', values.model);
  if (values['analysis-gsd']) args.push('--analysis-gsd', values['analysis-gsd']);
  if (values.workers) args.push('--workers', values.workers);
  const label = `--method ${values.method}${values['analysis-gsd'] ? ` --analysis-gsd ${values['analysis-gsd']}` : ''}${values.workers ? ` --workers ${values.workers}` : ''}`;
  const d = measure(process.execPath, args);
  console.log(`${size}x${size} (${mp.toFixed(1)} MP) payesh detect ${label}: ${d.seconds.toFixed(1)} s, ${(mp / d.seconds).toFixed(2)} MP/s, CPU ${d.cpu.toFixed(2)} cores, peak RSS ${d.peakMiB} MiB`);
  if (hasOtb() && size <= 8192) {
    const mad = join(dir, `mad-${size}.tif`);
    const o = measure('otbcli_MultivariateAlterationDetector', ['-in1', before, '-in2', after, '-out', mad, 'float']);
    console.log(`${size}x${size} (${mp.toFixed(1)} MP) otbcli_MultivariateAlterationDetector: ${o.seconds.toFixed(1)} s, ${(mp / o.seconds).toFixed(2)} MP/s, CPU ${o.cpu.toFixed(2)} cores, peak RSS ${o.peakMiB} MiB`);
    rmSync(mad, { force: true });
  }
}
