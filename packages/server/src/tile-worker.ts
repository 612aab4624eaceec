/**
 * A tile rendering thread: opens rasters itself (its own reader and block caches) and renders the
 * tiles and chips it is sent, so the server's main thread stays free for the API.
 */
import { workerData } from 'node:worker_threads';
import { openGeoTiff } from '@payesh/io';
import { serveTasks } from '@payesh/pipeline';
import { ReaderCache } from './reader-cache.js';
import { runRenderJob, type RenderJob } from './render-job.js';

const readers = new ReaderCache((path) => openGeoTiff(path), (workerData as { maxReaders: number }).maxReaders);
export default serveTasks<RenderJob, Uint8Array | null>((job) => runRenderJob(job, readers));
