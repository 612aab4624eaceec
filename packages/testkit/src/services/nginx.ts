import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { underCi } from '../tools.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Debian's nginx (package nginx-light, or any nginx), or $NGINX. */
export function nginxPath(env: Env = process.env): string {
  return env['NGINX'] ?? '/usr/sbin/nginx';
}

/** Whether nginx is installed: skip (with a note) outside CI, fail at `assert()` under CI (as needTools). */
export function needNginx(env: Env = process.env): { skip: boolean; note: string; assert(): void } {
  const present = existsSync(nginxPath(env));
  const what = `nginx is not installed at ${nginxPath(env)} (apt-get install nginx-light, or set NGINX)`;
  return {
    skip: !present && !underCi(env),
    note: !present && !underCi(env) ? ` (skipped: ${what})` : '',
    assert() {
      if (!present) throw new Error(`${what}; under CI the tests that need it fail rather than skip`);
    },
  };
}

/** One line of the access log: what a test counts requests and ranges by. */
export interface NginxRequest {
  readonly status: number;
  readonly method: string;
  readonly uri: string;
  /** The Range header, or null. */
  readonly range: string | null;
  readonly bytesSent: number;
}

export interface NginxServer {
  /** http://127.0.0.1:<port> (no trailing slash): a file `a/b.tif` of the root is `${url}/a/b.tif`. */
  readonly url: string;
  /** The same files with byte ranges switched off (`max_ranges 0`): a server that answers 200 to any Range. */
  readonly noRangesUrl: string;
  readonly port: number;
  readonly pid: number;
  /** The requests served so far, in order. */
  requests(): Promise<NginxRequest[]>;
  /** Stops nginx (by its pid) and removes its temporary folder. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const LOG_FORMAT = "'$status\\t$request_method\\t$uri\\t$http_range\\t$body_bytes_sent'";

function config(dir: string, root: string, port: number): string {
  const inDir = (name: string): string => join(dir, name);
  return `# A throwaway nginx for tests (written by @payesh/testkit startNginx)
${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
master_process on;
worker_processes 1;
pid ${inDir('nginx.pid')};
error_log ${inDir('error.log')} warn;
events { worker_connections 256; }
http {
  log_format payesh ${LOG_FORMAT};
  access_log ${inDir('access.log')} payesh;
  client_body_temp_path ${inDir('tmp/body')};
  proxy_temp_path ${inDir('tmp/proxy')};
  fastcgi_temp_path ${inDir('tmp/fastcgi')};
  uwsgi_temp_path ${inDir('tmp/uwsgi')};
  scgi_temp_path ${inDir('tmp/scgi')};
  types { image/tiff tif tiff; }
  default_type application/octet-stream;
  sendfile on;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
    location /no-ranges/ { alias ${root}/; max_ranges 0; }
  }
}
`;
}

function parseLog(text: string): NginxRequest[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [status, method, uri, range, bytes] = line.split('\t');
      return {
        status: Number(status),
        method: method ?? '',
        uri: uri ?? '',
        range: range === undefined || range === '-' ? null : range,
        bytesSent: Number(bytes),
      };
    });
}

/**
 * Starts Debian's nginx serving the files under `root` (range requests on, as nginx has them by
 * default) on 127.0.0.1 and a free port, its configuration, logs, pid and temp paths in a temp folder.
 * Always a throwaway instance, never one on port 80: that one would not serve the test's folder.
 */
export async function startNginx(root: string): Promise<NginxServer> {
  needNginx().assert();
  for (let attempt = 0; ; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'payesh-nginx-'));
    await mkdir(join(dir, 'tmp'));
    const port = await freePort();
    await writeFile(join(dir, 'nginx.conf'), config(dir, root, port));
    const child = spawn(nginxPath(), ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const up = await waitUntilUp(port, child);
    if (up) return running(dir, port, child, exited);
    await rm(dir, { recursive: true, force: true });
    const log = stderr.trim();
    // Another process may have taken the port between freePort and nginx's bind: try another.
    if (attempt < 2 && /in use/.test(log)) continue;
    throw new Error(`nginx did not start: ${log || 'no message'}`);
  }
}

async function waitUntilUp(port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) return false;
    if (await answers(port)) return true;
    await sleep(25);
  }
  child.kill('SIGKILL');
  return false;
}

function running(dir: string, port: number, child: ChildProcess, exited: Promise<number | null>): NginxServer {
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    noRangesUrl: `${url}/no-ranges`,
    port,
    pid: child.pid!,
    async requests() {
      return parseLog(await readFile(join(dir, 'access.log'), 'utf8').catch(() => ''));
    },
    async stop() {
      if (child.exitCode === null) {
        process.kill(child.pid!, 'SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
        if (!stopped) process.kill(child.pid!, 'SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface FlakyProxy {
  readonly url: string;
  /** Requests received, the failed ones included. */
  readonly received: () => number;
  close(): Promise<void>;
}

/**
 * A tiny HTTP proxy in front of `target` (nginx) that answers the first `failures` requests itself
 * with `status` (503 by default; `Retry-After` when given), then passes everything through, each
 * request held `delayMs` first (latency as from object storage): for testing retries against a real server.
 */
export async function startFlakyProxy(
  target: string,
  failures: number,
  options: { status?: number; retryAfter?: string; delayMs?: number } = {},
): Promise<FlakyProxy> {
  let count = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (options.delayMs) {
      req.pause();
      setTimeout(() => pass(req, res), options.delayMs);
    } else pass(req, res);
  };
  const pass = (req: IncomingMessage, res: ServerResponse): void => {
    count++;
    if (count <= failures) {
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (options.retryAfter !== undefined) headers['retry-after'] = options.retryAfter;
      res.writeHead(options.status ?? 503, headers).end('try again');
      return;
    }
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
