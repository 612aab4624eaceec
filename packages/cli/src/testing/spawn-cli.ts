import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../../..', import.meta.url).pathname;

export interface Exit {
  /** Exit code, or 128 + the signal's number when a signal ended the process. */
  readonly code: number;
  readonly stderr: string;
  /** performance.now() when the process had exited. */
  readonly at: number;
}

export interface SpawnedCli {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * `payesh <args>` as its own process from the repository root: `node --import tsx bin.ts`, or as a
 * user types it, `pnpm payesh`, in a process group of its own (so a test can signal the whole group,
 * as a terminal's Ctrl-C does).
 */
export function spawnCli(args: readonly string[], how: 'node' | 'pnpm' = 'node'): SpawnedCli {
  const child =
    how === 'node'
      ? spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn('pnpm', ['--silent', 'payesh', ...args], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) =>
      resolve({ code: code ?? 128 + (SIGNAL_NUMBERS[signal!] ?? 0), stderr, at: performance.now() }),
    );
  });
  return { child, exited };
}

/** Staging folders that `payesh detect/compare --out <parent>/<name>` leaves while it works (and must not after). */
export function partialFolders(parent: string, name: string): string[] {
  return readdirSync(parent).filter((f) => f.startsWith(`.${name}.partial-`));
}

/** Waits until the staging folder of `<parent>/<name>` holds a COG writer's temporary files: detection is under way. */
export async function untilWriting(parent: string, name: string, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    const writing = partialFolders(parent, name).some((p) =>
      readdirSync(join(parent, p)).some((f) => f.endsWith('.tmp')),
    );
    if (writing) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no writer started in ${parent}/.${name}.partial-* within ${timeoutMs} ms`);
}
