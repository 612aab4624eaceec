import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { createApp, parsePublicUrl } from '@payesh/server';
import { openStore } from '@payesh/store';
import { DB_OPTION_HELP } from '../existing-store.js';
import type { CommandContext } from '../context.js';
import { ensureAdmin, trustProxyOption } from './serve-admin.js';

interface ServeOptions {
  db: string;
  port: string;
  host: string;
  adminPassword?: string;
  adminPasswordFile?: string;
  trustProxy?: string | true;
  secondReview?: boolean;
  secureCookies?: boolean;
  publicUrl?: string;
  web?: string;
  rankEvery?: string;
}

/** Requests still running when the server stops get this long to finish before their connections are cut. */
const DRAIN_MS = 2000;

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description(
      'start the review server: JSON API, tiles, evidence chips (and the web UI); SIGINT or SIGTERM stops it',
    )
    .option('--db <file>', DB_OPTION_HELP, 'payesh.db')
    .option('--port <n>', 'TCP port (0: any free one)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option(
      '--admin-password-file <file>',
      'when there is no admin yet: the password of the user "admin" (else PAYESH_ADMIN_PASSWORD, else asked on a terminal, else a one-time one is printed)',
    )
    .option(
      '--admin-password <p>',
      'the same, given on the command line (visible to other users in ps: prefer the file)',
    )
    .option(
      '--trust-proxy [hops]',
      'behind a reverse proxy: take the client address from X-Forwarded-For, trusting this many proxies (default 1) or these addresses',
    )
    .option('--second-review', 'decisions need validation by a second reviewer')
    .option('--secure-cookies', 'served over HTTPS: Secure session cookie, HSTS and upgrade-insecure-requests')
    .option(
      '--public-url <url>',
      'where clients reach the server (e.g. https://maps.example.org/payesh behind a proxy), for absolute tile URLs',
    )
    .option('--web <dir>', 'serve the built web UI from this folder at / (default: packages/web/dist when built)')
    .option(
      '--rank-every <n>',
      "re-rank a run's queue in the background after every n new decisions (payesh rank's learning; 0: off)",
      '0',
    )
    .action(async (options: ServeOptions) => {
      const rankEvery = /^[0-9]{1,6}$/.test(options.rankEvery ?? '0') ? Number(options.rankEvery ?? '0') : NaN;
      if (!Number.isFinite(rankEvery))
        throw new InputError(`--rank-every must be a whole number of decisions (0: off), got "${options.rankEvery}"`);
      const port = /^[0-9]{1,5}$/.test(options.port) ? Number(options.port) : NaN;
      if (!(port >= 0 && port <= 65535)) throw new InputError(`--port must be 0..65535, got "${options.port}"`);
      const publicUrl = options.publicUrl === undefined ? null : parsePublicUrl(options.publicUrl);
      const trustProxy = trustProxyOption(options.trustProxy);
      // Listen first: a port in use is said before the store is opened, migrated or given an admin.
      const server = await listen(port, options.host);
      try {
        await serveUntilStopped(server, options, { publicUrl, trustProxy, rankEvery }, ctx);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
}

async function listen(port: number, host: string): Promise<Server> {
  const server = createServer();
  server.listen(port, host);
  const [error] = await Promise.race([once(server, 'listening').then(() => [null]), once(server, 'error')]);
  if (!error) return server;
  server.close();
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    throw new InputError(
      `--port ${port}: ${host}:${port} is already in use (stop what runs there or choose another --port)`,
    );
  if (code === 'EACCES')
    throw new InputError(
      `--port ${port}: not allowed to listen on ${host}:${port} (ports below 1024 need privileges: choose another --port)`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    throw new InputError(`--host ${host} is not an address of this machine`);
  throw new InputError(`cannot listen on ${host}:${port} (${(error as Error).message})`);
}

/** Serves the store until the command's signal: then stops taking requests, lets running ones finish, closes jobs and the store. */
async function serveUntilStopped(
  server: Server,
  options: ServeOptions,
  proxy: { publicUrl: string | null; trustProxy: false | number | string; rankEvery: number },
  ctx: CommandContext,
): Promise<void> {
  const store = await openStore(options.db);
  const builtWeb = fileURLToPath(new URL('../../../web/dist', import.meta.url));
  const webRoot = options.web ?? (existsSync(join(builtWeb, 'index.html')) ? builtWeb : null);
  const { app, close } = createApp(store, {
    requireSecondReview: options.secondReview === true,
    secureCookies: options.secureCookies === true,
    ...proxy,
    webRoot,
    log: (line) => ctx.stderr(`${line}\n`),
  });
  try {
    await ensureAdmin(store, ctx, options);
    server.on('request', app);
    const address = server.address() as AddressInfo;
    ctx.stdout(`payesh serve: http://${options.host}:${address.port}/ (store ${store.location}; Ctrl-C stops it)\n`);
    if (!options.secureCookies && !isLoopback(options.host))
      ctx.stderr(
        `payesh serve: warning: listening on ${options.host} over plain HTTP: passwords and session cookies cross the network unencrypted (serve it behind TLS with --secure-cookies: docs/security.md)\n`,
      );
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((r) => setTimeout(r, DRAIN_MS, false).unref()),
    ]);
    if (!drained) server.closeAllConnections();
    await closed;
  } finally {
    await close();
    await store.close();
  }
  const signal = (ctx.signal.reason as Error | undefined)?.message ?? '';
  ctx.stdout(`payesh serve: stopped${/^SIG[A-Z]+$/.test(signal) ? ` (${signal})` : ''}\n`);
}

/** An address only this machine reaches. */
const isLoopback = (host: string): boolean => /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);
