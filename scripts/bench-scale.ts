/**
 * Beyond one machine (issue 16), on this machine:
 * 1. `payesh detect` of a generated pair (default 20000x20000, scripts/make-large-cog.ts) in one process,
 *    then on a BullMQ queue with 1, 2 and 4 `payesh worker` processes: wall time, speed-up over one
 *    worker, and the outputs compared byte for byte with the in-process run.
 * 2. The same queued run with two workers, one killed with SIGKILL once a quarter of the windows are
 *    done and a new one started: time, and the outputs again byte for byte.
 * 3. Two `payesh serve` processes on one PostGIS database under an autocannon load of decisions: each
 *    inspector, signed in on one of the two servers, locks a random flag of a small shared set, decides
 *    it and takes the decision back, `--rounds` times as fast as it goes; then the database is checked (every acknowledged
 *    decision stored once, at most one current decision per flag, statuses and the audit log agreeing).
 *
 * Needs Redis and PostgreSQL with PostGIS (on their standard ports, or --queue / --db).
 * Run: pnpm bench:scale [--size 20000] [--workers 1,2,4] [--parts detect,kill,servers] [--analysis-gsd 0.6]
 *        [--queue redis://127.0.0.1:6379] [--db postgres://postgres@127.0.0.1:5432/payesh_bench_scale]
 *        [--rounds 300] [--inspectors 8] [--flags 40]
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchPair } from './lib/bench-pair.js';
import { measureCommand } from './lib/measure-command.js';
import { sameOutputs } from './lib/scale/same-outputs.js';
import { killOneWorkerRun, queuedRun } from './lib/scale/queued-run.js';
import { decisionLoad } from './lib/scale/decision-load.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '20000' },
    workers: { type: 'string', default: '1,2,4' },
    parts: { type: 'string', default: 'detect,kill,servers' },
    'analysis-gsd': { type: 'string', default: '0.6' },
    queue: { type: 'string', default: 'redis://127.0.0.1:6379' },
    db: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/payesh_bench_scale' },
    rounds: { type: 'string', default: '300' },
    inspectors: { type: 'string', default: '8' },
    flags: { type: 'string', default: '40' },
  },
});
const root = new URL('..', import.meta.url).pathname;
const dir = process.env.PAYESH_BENCH_DIR ?? '/tmp/payesh-bench';
mkdirSync(dir, { recursive: true });
const parts = new Set(values.parts.split(','));
const size = Number(values.size);
const mp = (size * size) / 1e6;
const detectArgs = (before: string, after: string, out: string): string[] => [
  '--before',
  before,
  '--after',
  after,
  '--out',
  out,
  '--overwrite',
  '--analysis-gsd',
  values['analysis-gsd'],
];
const cli = ['--import', 'tsx', 'packages/cli/src/bin.ts'];

if (parts.has('detect') || parts.has('kill')) {
  const { before, after } = benchPair(dir, size, root);
  const reference = join(dir, `scale-${size}-in-process`);
  rmSync(reference, { recursive: true, force: true });
  const single = measureCommand(process.execPath, [...cli, 'detect', ...detectArgs(before, after, reference)], root);
  console.log(
    `${size}x${size} (${mp.toFixed(0)} MP) in one process (2 score threads): ${single.seconds.toFixed(1)} s, ` +
      `${(mp / single.seconds).toFixed(2)} MP/s, CPU ${single.cpu.toFixed(2)} cores, peak RSS ${single.peakMiB} MiB`,
  );
  if (parts.has('detect')) {
    let oneWorker = 0;
    for (const n of values.workers.split(',').map(Number)) {
      const out = join(dir, `scale-${size}-queue-${n}`);
      const run = await queuedRun({ root, queue: values.queue, workers: n, args: detectArgs(before, after, out) });
      oneWorker ||= run.seconds;
      const same = sameOutputs(reference, out);
      console.log(
        `${size}x${size} on the queue, ${n} worker${n === 1 ? '' : 's'}: ${run.seconds.toFixed(1)} s ` +
          `(windows ${run.windowsSeconds.toFixed(1)} s, assembly ${run.assemblySeconds.toFixed(1)} s), ${(mp / run.seconds).toFixed(2)} MP/s, ` +
          `speed-up over 1 worker ${(oneWorker / run.seconds).toFixed(2)}x, over one process ${(single.seconds / run.seconds).toFixed(2)}x; ` +
          `CPU: workers ${run.windowsCpuSeconds.toFixed(0)} s in the windows (${(run.windowsCpuSeconds / run.windowsSeconds).toFixed(2)} cores), ` +
          `${run.workerCpuSeconds.toFixed(0)} s in all; submitter ${run.submitterCpuSeconds.toFixed(0)} s; ` +
          `outputs ${same.length === 0 ? 'byte-identical to one process' : `DIFFER: ${same.join(', ')}`}`,
      );
      if (same.length) process.exitCode = 1;
    }
  }
  if (parts.has('kill')) {
    const out = join(dir, `scale-${size}-queue-killed`);
    const run = await killOneWorkerRun({ root, queue: values.queue, args: detectArgs(before, after, out) });
    const same = sameOutputs(reference, out);
    console.log(
      `${size}x${size}, 2 workers, one SIGKILLed at ${run.killedAt} of ${run.windows} windows and a new one started: ` +
        `${run.seconds.toFixed(1)} s (windows ${run.windowsSeconds.toFixed(1)} s, assembly ${run.assemblySeconds.toFixed(1)} s); ` +
        `outputs ${same.length === 0 ? 'byte-identical to one process' : `DIFFER: ${same.join(', ')}`}`,
    );
    if (same.length) process.exitCode = 1;
  }
}

if (parts.has('servers')) {
  const load = await decisionLoad({
    root,
    benchDir: dir,
    db: values.db,
    rounds: Number(values.rounds),
    inspectors: Number(values.inspectors),
    flags: Number(values.flags),
  });
  for (const line of load.lines) console.log(line);
  if (load.problems.length) {
    for (const p of load.problems) console.log(`PROBLEM: ${p}`);
    process.exitCode = 1;
  }
}
