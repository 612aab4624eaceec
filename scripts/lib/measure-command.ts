import { spawnSync } from 'node:child_process';

export interface Measured {
  readonly seconds: number;
  /** User + system CPU seconds over wall seconds: 2.0 means both cores busy. */
  readonly cpu: number;
  readonly peakMiB: number;
  readonly stdout: string;
}

/** Runs a command under /usr/bin/time -v in `cwd`; returns wall seconds, CPU share and peak RSS. */
export function measureCommand(cmd: string, args: readonly string[], cwd: string): Measured {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.split('\n').slice(-30).join('\n')}`);
  const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(r.stderr)![1]!.trim();
  const [h, m, s] = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .map(Number)
    .reverse()
    .concat([0, 0])
    .slice(0, 3)
    .reverse();
  const seconds = (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
  const cpu = (Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'))) / seconds;
  return {
    seconds,
    cpu,
    peakMiB: Math.round(Number(field('Maximum resident set size \\(kbytes\\)')) / 1024),
    stdout: r.stdout,
  };
}
