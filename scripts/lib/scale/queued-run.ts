import { connectQueue, dropQueue, runStatus } from '@payesh/pipeline';
import { startCli, stopCli, type CliProcess } from './cli-process.js';

export interface QueuedRunTimes {
  /** From submitting to the assembled run. */
  readonly seconds: number;
  /** From submitting to the last window scored. */
  readonly windowsSeconds: number;
  readonly assemblySeconds: number;
  readonly windows: number;
  /** CPU seconds the workers used (user + system), and the submitting detect process. */
  readonly workerCpuSeconds: number;
  /** CPU seconds the workers had used when the last window was scored. */
  readonly windowsCpuSeconds: number;
  readonly submitterCpuSeconds: number;
}

interface QueuedRunOptions {
  readonly root: string;
  readonly queue: string;
  /** detect's arguments after the command (inputs, --out, ...). */
  readonly args: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A queue prefix of its own for each measured run, so earlier runs never answer for it. */
const freshPrefix = (): string => `bench-scale-${process.pid}-${Date.now().toString(36)}`;

/**
 * Submits `payesh detect ... --queue` and follows it through the queue's own status every half
 * second until assembled; `onStatus` sees each reading (the kill test acts on it).
 */
async function followRun(
  o: QueuedRunOptions,
  prefix: string,
  workers: readonly CliProcess[],
  onStatus: (done: number, total: number) => Promise<void> = async () => {},
): Promise<QueuedRunTimes> {
  const conn = await connectQueue({ url: o.queue, prefix });
  const started = performance.now();
  const detect = startCli(o.root, ['detect', ...o.args, '--queue', o.queue, '--queue-prefix', prefix]);
  try {
    let run: string | null = null;
    let windowsAt = 0;
    let windows = 0;
    let submitterCpu = 0;
    let windowsCpu = 0;
    for (;;) {
      if (detect.child.exitCode !== null) break;
      submitterCpu = detect.cpuSeconds() || submitterCpu;
      run ??= /run (\S+) (?:queued|was on the queue)/.exec(detect.stderr())?.[1] ?? null;
      if (run) {
        const s = await runStatus(conn, run);
        windows = s.windows.total;
        if (!windowsAt && s.windows.done === s.windows.total) {
          windowsAt = performance.now();
          windowsCpu = workers.reduce((t, w) => t + w.cpuSeconds(), 0);
        }
        await onStatus(s.windows.done, s.windows.total);
      }
      await sleep(500);
    }
    const code = await detect.exited;
    if (code !== 0)
      throw new Error(`payesh detect --queue exited ${code}: ${detect.stderr().trim().split('\n').at(-1)}`);
    const ended = performance.now();
    windowsAt ||= ended;
    return {
      seconds: (ended - started) / 1000,
      windowsSeconds: (windowsAt - started) / 1000,
      assemblySeconds: (ended - windowsAt) / 1000,
      windows,
      // Read before the workers are stopped (a worker killed on the way counts only up to its last reading).
      workerCpuSeconds: workers.reduce((t, w) => t + w.cpuSeconds(), 0),
      windowsCpuSeconds: windowsCpu,
      submitterCpuSeconds: submitterCpu,
    };
  } finally {
    await dropQueue(conn);
    await conn.close();
  }
}

const startWorker = (o: QueuedRunOptions, prefix: string): CliProcess =>
  startCli(o.root, ['worker', '--queue', o.queue, '--queue-prefix', prefix, '--quiet']);

/** One queued detect with `workers` worker processes (one job at a time each), started first and stopped after. */
export async function queuedRun(o: QueuedRunOptions & { readonly workers: number }): Promise<QueuedRunTimes> {
  const prefix = freshPrefix();
  const workers = Array.from({ length: o.workers }, () => startWorker(o, prefix));
  try {
    return await followRun(o, prefix, workers);
  } finally {
    await Promise.all(workers.map((w) => stopCli(w)));
  }
}

/**
 * Two workers; once a quarter of the windows are done one is killed with SIGKILL (no chance to let go
 * of its job) and a new one started: the killed worker's window is taken over after its lock lapses.
 */
export async function killOneWorkerRun(o: QueuedRunOptions): Promise<QueuedRunTimes & { readonly killedAt: number }> {
  const prefix = freshPrefix();
  const workers = [startWorker(o, prefix), startWorker(o, prefix)];
  let killedAt = -1;
  try {
    const times = await followRun(o, prefix, workers, async (done, total) => {
      if (killedAt >= 0 || done < total / 4) return;
      killedAt = done;
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited;
      workers.push(startWorker(o, prefix));
    });
    return { ...times, killedAt };
  } finally {
    await Promise.all(workers.map((w) => stopCli(w)));
  }
}
