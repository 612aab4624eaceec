import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { InputError } from '@payesh/core';
import { createApp } from '@payesh/server';
import { addUser, newSecret, openStore, userCount } from '@payesh/store';
import type { CommandContext } from '../context.js';

interface ServeOptions {
  db: string;
  port: string;
  host: string;
  adminPassword?: string;
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
    .option('--admin-password <p>', 'on the first start, the password of the user "admin" (else a one-time one is printed)')
    .option('--second-review', 'decisions need validation by a second reviewer')
    .option('--secure-cookies', 'mark the session cookie Secure (when served over HTTPS)')
    .option('--web <dir>', 'serve the built web UI from this folder at / (default: packages/web/dist when built)')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be 0..65535, got "${options.port}"`);
      const store = openStore(options.db);
      const builtWeb = fileURLToPath(new URL('../../../web/dist', import.meta.url));
      const webRoot = options.web ?? (existsSync(join(builtWeb, 'index.html')) ? builtWeb : null);
      const { app, close } = createApp(store, { requireSecondReview: options.secondReview === true, secureCookies: options.secureCookies === true, webRoot, log: (line) => ctx.stderr(`${line}\n`) });
      try {
        if (userCount(store) === 0) {
          const password = options.adminPassword ?? newSecret().slice(0, 20);
          await addUser(store, { username: 'admin', password, role: 'admin' });
          ctx.stdout(options.adminPassword ? 'created the user "admin" with the given password\n' : `created the user "admin" with the one-time password ${password} (add users, then keep it safe)\n`);
        }
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
