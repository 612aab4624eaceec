import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { underCi } from '../tools.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A Redis for tests: the one on the standard port, or a throwaway one this process started. */
export interface RedisService {
  readonly url: string;
  /** True when this process started it (and `stop` ends it and removes its folder). */
  readonly started: boolean;
  stop(): Promise<void>;
}

export interface RedisCheck {
  /** Skip the tests: nothing answers on 6379, redis-server is not installed, and this is not CI. */
  readonly skip: boolean;
  /** For a test's title: ' (skipped: ...)' when skipping, else ''. */
  readonly note: string;
}

const STANDARD_PORT = 6379;

function onPath(binary: string, env: Env): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return join(dir, binary);
    } catch {}
  }
  return null;
}

/** Whether a Redis answers PING on 127.0.0.1:`port` within `timeoutMs`. */
export function redisAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      got += d.toString();
      if (got.includes('\r\n')) done(got.startsWith('+PONG'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether the Redis tests can run: they skip outside CI only when nothing answers on the standard
 * port and redis-server (Debian package redis-server) is missing; under CI they run and fail.
 */
export async function needRedis(env: Env = process.env): Promise<RedisCheck> {
  if (await redisAnswers(STANDARD_PORT)) return { skip: false, note: '' };
  if (onPath('redis-server', env)) return { skip: false, note: '' };
  const skip = !underCi(env);
  return {
    skip,
    note: skip
      ? ' (skipped: no Redis on 127.0.0.1:6379 and redis-server is not installed: apt-get install redis-server)'
      : '',
  };
}

/**
 * A Redis for tests: the one answering on 127.0.0.1:6379 when there is one (tests then keep to a key
 * prefix of their own and remove it), else a throwaway redis-server on a free port, bound to
 * 127.0.0.1, with no persistence, in a temporary folder; `stop` ends it by its pid.
 */
export async function startRedis(
  env: Env = process.env,
  options: { readonly standardPort?: number } = {},
): Promise<RedisService> {
  const standard = options.standardPort ?? STANDARD_PORT;
  if (await redisAnswers(standard))
    return { url: `redis://127.0.0.1:${standard}`, started: false, stop: async () => undefined };
  const binary = onPath('redis-server', env);
  if (!binary)
    throw new Error('no Redis on 127.0.0.1:6379 and redis-server is not installed (apt-get install redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'payesh-redis-'));
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + 10_000;
  while (!(await redisAnswers(port, 300))) {
    if (Date.now() > end || child.exitCode !== null) {
      await stop();
      throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, started: true, stop };
}
