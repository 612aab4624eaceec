import { createThreadPool } from '@payesh/pipeline';
import type { ReaderCache } from './reader-cache.js';
import { runRenderJob, type RenderJob } from './render-job.js';

/** Renders tiles and chips: on worker threads (the default) or in this thread. */
export interface Renderer {
  render(job: RenderJob): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export function inProcessRenderer(readers: ReaderCache): Renderer {
  return { render: (job) => runRenderJob(job, readers), close: async () => undefined };
}

/**
 * Worker threads for tiles. Their workerData must be an object: geotiff.js loads the `web-worker`
 * package, which in any worker thread reads `workerData.mod` and throws on null.
 */
export function pooledRenderer(threads: number, maxReaders: number): Renderer {
  const ts = import.meta.url.endsWith('.ts');
  const pool = createThreadPool<RenderJob, Uint8Array | null>(
    new URL(`./tile-worker.${ts ? 'ts' : 'js'}`, import.meta.url),
    { role: 'tiles', maxReaders },
    threads,
  );
  return { render: (job) => pool.run(job), close: () => pool.close() };
}
