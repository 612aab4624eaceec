import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { createApp } from '@payesh/server';
import { openStore } from '@payesh/store';
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
  web?: string;
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('start the review server: JSON API, tiles, evidence chips (and the web UI)')
    .option('--db <file>', 'the SQLite store', 'payesh.db')
    .option('--port <n>', 'TCP port (0: any free one)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--admin-password-file <file>', 'when there is no admin yet: the password of the user "admin" (else PAYESH_ADMIN_PASSWORD, else asked on a terminal, else a one-time one is printed)')
    .option('--admin-password <p>', 'the same, given on the command line (visible to other users in ps: prefer the file)')
    .option('--trust-proxy [hops]', 'behind a reverse proxy: take the client address from X-Forwarded-For, trusting this many proxies (default 1) or these addresses')
    .option('--second-review', 'decisions need validation by a second reviewer')
    .option('--secure-cookies', 'mark the session cookie Secure (when served over HTTPS)')
    .option('--web <dir>', 'serve the built web UI from this folder at / (default: packages/web/dist when built)')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be 0..65535, got "${options.port}"`);
      const trustProxy = trustProxyOption(options.trustProxy);
      const store = openStore(options.db);
      const builtWeb = fileURLToPath(new URL('../../../web/dist', import.meta.url));
      const webRoot = options.web ?? (existsSync(join(builtWeb, 'index.html')) ? builtWeb : null);
      const { app, close } = createApp(store, { trustProxy, requireSecondReview: options.secondReview === true, secureCookies: options.secureCookies === true, webRoot, log: (line) => ctx.stderr(`${line}\n`) });
      try {
        await ensureAdmin(store, ctx, options);
        const server = app.listen(port, options.host);
        await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(new InputError(`cannot listen on ${options.host}:${port}: ${(e as Error).message}`)))]);
        const address = server.address() as AddressInfo;
        ctx.stdout(`payesh serve: http://${options.host}:${address.port}/ (store ${options.db})\n`);
        if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      } finally {
        await close();
        store.close();
      }
    });
}
