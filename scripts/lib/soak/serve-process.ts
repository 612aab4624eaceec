import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `payesh serve` as its own process (so it can be killed like a real one), with its URL once it listens. */
export interface ServeProcess {
  readonly base: string;
  readonly child: ChildProcess;
  /** Resident memory of the server process now (MiB), from /proc. */
  rssMiB(): number;
  /** SIGKILL: no chance to flush or close anything. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
}

const BIN = fileURLToPath(new URL('../../../packages/cli/src/bin.ts', import.meta.url));

export async function startServe(db: string, extra: readonly string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--db', db, '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /payesh serve: (http:\/\/\S+?)\/? /.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`payesh serve exited (${code}) before listening: ${stderr.trim()}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    base,
    child,
    rssMiB: () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
