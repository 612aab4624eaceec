import type { RasterReader } from '@payesh/core';
import type { SignInLimits, Store } from '@payesh/store';
import type { ReaderCache } from './reader-cache.js';
import type { StyleCache } from './layers.js';
import type { TileCache, TileCacheLimits } from './tile-cache.js';
import type { Renderer } from './renderer.js';
import type { Ranker } from './ranker.js';
import type { ReportJobLimits, ReportJobs } from './report-jobs.js';

/** Everything the routes share: plain objects passed in, no module state. */
export interface ServerContext {
  readonly store: Store;
  readonly readers: ReaderCache;
  readonly styles: StyleCache;
  readonly tiles: TileCache;
  readonly renderer: Renderer;
  /** Reports being made for download (the job API). */
  readonly reports: ReportJobs;
  /** The learned ranking of queues (issue 17). */
  readonly ranker: Ranker;
  readonly config: ServerConfig;
}

export interface ServerConfig {
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  readonly secureCookies: boolean;
  /** Decisions need a second reviewer's validation. */
  readonly requireSecondReview: boolean;
  /** Failed sign-ins per account and per client address before they wait (doubling waits, kept in the store). */
  readonly signInLimits: SignInLimits;
  /**
   * Behind a reverse proxy: express's 'trust proxy' (hops to trust, or the proxies' addresses), so that
   * the client address comes from X-Forwarded-For; false (the default): it never does.
   */
  readonly trustProxy: false | number | string;
  /** Where clients reach the server (`https://host/prefix`, no trailing slash), for absolute URLs; null: from each request. */
  readonly publicUrl: string | null;
  /** Where the web UI's built files are (served at /), if any. */
  readonly webRoot: string | null;
  /** Threads rendering tiles and chips (0: on the main thread). */
  readonly tileThreads: number;
  /** Report jobs: at most `perUser` running per user; files kept `graceMs` after download, `maxAgeMs` at most. */
  readonly reportJobs: ReportJobLimits;
  /** How much the server's caches may hold (every one bounded by entries, the tile cache by bytes too). */
  readonly caches: CacheLimits;
  /** Re-rank a run's queue in the background after this many new decisions (0: only when a supervisor asks). */
  readonly rankEvery: number;
  readonly log: (line: string) => void;
}

export type OpenRaster = (path: string) => Promise<RasterReader>;

/** Limits of the server's in-memory caches (least recently used dropped first). */
export interface CacheLimits {
  /** Encoded tiles: entries and bytes (an empty tile counts its key + 64 bytes). */
  readonly tiles: TileCacheLimits;
  /** Layer styles (one per run, layer, bands and stretch asked). */
  readonly styles: number;
  /** Open rasters per thread (each keeps at most 64 MB of decoded blocks). */
  readonly readers: number;
}
