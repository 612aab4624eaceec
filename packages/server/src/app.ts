import { availableParallelism } from 'node:os';
import express, { type Express } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { openGeoTiff } from '@payesh/io';
import { DEFAULT_SIGN_IN_LIMITS, type Store } from '@payesh/store';
import { authenticate } from './auth.js';
import type { OpenRaster, ServerConfig, ServerContext } from './context.js';
import { errorHandler } from './http-errors.js';
import { StyleCache } from './layers.js';
import { ReaderCache } from './reader-cache.js';
import { createTileCache } from './tile-cache.js';
import { inProcessRenderer, pooledRenderer } from './renderer.js';
import { ReportJobs } from './report-jobs.js';
import { createRanker, type Ranker } from './ranker.js';
import { rankingRoutes } from './routes/ranking.js';
import { reportRoutes } from './routes/reports.js';
import { reviewRoutes } from './routes/review.js';
import { runRoutes } from './routes/runs.js';
import { sessionRoutes } from './routes/session.js';
import { tileRoutes } from './routes/tiles.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';

export const DEFAULT_CONFIG: ServerConfig = {
  secureCookies: false,
  requireSecondReview: false,
  signInLimits: DEFAULT_SIGN_IN_LIMITS,
  trustProxy: false,
  publicUrl: null,
  webRoot: null,
  tileThreads: availableParallelism(),
  reportJobs: { perUser: 3, maxAgeMs: 60 * 60_000, graceMs: 5 * 60_000 },
  caches: { tiles: { maxEntries: 100_000, maxBytes: 64 * 1024 * 1024 }, styles: 256, readers: 16 },
  rankEvery: 0,
  log: (line) => console.error(line),
};

export interface PayeshApp {
  readonly app: Express;
  /** The learned ranking (tests wait for its background work with `idle()`). */
  readonly ranker: Ranker;
  /** Stops report jobs and deletes their files, closes the rasters the app opened (the store is the caller's). */
  close(): Promise<void>;
}

/**
 * The Payesh HTTP app: JSON API, tiles and chips, the web UI's files when `webRoot` is set. Routes are
 * thin; errors become `{ "error": ... }` with a status from one table.
 */
export function createApp(
  store: Store,
  config: Partial<ServerConfig> = {},
  openRaster: OpenRaster = (p) => openGeoTiff(p),
): PayeshApp {
  const settings = { ...DEFAULT_CONFIG, ...config };
  const readers = new ReaderCache(openRaster, settings.caches.readers);
  const renderer =
    settings.tileThreads > 0
      ? pooledRenderer(settings.tileThreads, settings.caches.readers)
      : inProcessRenderer(readers);
  const ctx: ServerContext = {
    store,
    readers,
    styles: new StyleCache(settings.caches.styles),
    tiles: createTileCache(settings.caches.tiles),
    renderer,
    reports: new ReportJobs(settings.reportJobs, settings.log),
    ranker: createRanker(store, { every: settings.rankEvery, thread: settings.tileThreads > 0, log: settings.log }),
    config: settings,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy);
  app.use(helmet(helmetOptions(settings.secureCookies)));
  app.use(express.json({ limit: '32kb' }));
  app.use(authenticate(store));
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(sessionRoutes(ctx));
  app.use(userRoutes(ctx));
  app.use(tokenRoutes(ctx));
  app.use(runRoutes(ctx));
  app.use(reviewRoutes(ctx));
  app.use(rankingRoutes(ctx));
  app.use(tileRoutes(ctx));
  app.use(reportRoutes(ctx));
  if (ctx.config.webRoot) app.use(express.static(ctx.config.webRoot, { index: 'index.html', maxAge: '1h' }));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API route' });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(ctx.config.log));
  return {
    app,
    ranker: ctx.ranker,
    close: async () => (
      await ctx.reports.close(), await ctx.ranker.close(), await ctx.renderer.close(), await ctx.readers.close()
    ),
  };
}

/**
 * Security headers. HSTS and `upgrade-insecure-requests` only when served over HTTPS (--secure-cookies):
 * over plain HTTP they would make browsers refuse the server (or pin https for a year).
 */
function helmetOptions(https: boolean): HelmetOptions {
  return {
    strictTransportSecurity: https,
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'worker-src': ["'self'", 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
  };
}
