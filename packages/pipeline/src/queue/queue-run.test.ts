import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  needNginx,
  needRedis,
  startNginx,
  startRedis,
  writeCity,
  type CityFiles,
  type RedisService,
} from '@payesh/testkit';
import { runDetectJob } from '../jobs/run-detect-job.js';
import type { QueuedJob } from './run-jobs.js';
import { cancelRun } from './cancel-run.js';
import { dropQueue } from './drop-queue.js';
import { connectQueue, type QueueConnection } from './queue-connection.js';
import { runQueueWorker } from './queue-worker.js';
import { windowJobId } from './run-key.js';
import { runStatus } from './run-status.js';
import { submitRun } from './submit-run.js';
import { waitForRun } from './wait-for-run.js';

const check = await needRedis();
const nginx = needNginx();
const dir = mkdtempSync(join(tmpdir(), 'payesh-queue-run-'));
const prefix = `payesh-test-${randomBytes(4).toString('hex')}`;

let redis: RedisService;
let conn: QueueConnection;
let city: CityFiles;

const detectJob = (out: string): QueuedJob => ({
  options: { before: city.before, after: city.after, minAreaM2: 20, tileSize: 64, workers: 1 },
  out,
  version: 'test',
});

async function until<T>(what: string, f: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(check.skip)(`a detect run on the queue, in this process${check.note}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
    conn = await connectQueue({ url: redis.url, prefix });
    city = await writeCity(join(dir, 'city'), { size: 512, pixelM: 0.5, seed: 3 });
  }, 60_000);

  afterAll(async () => {
    if (conn) {
      await dropQueue(conn).catch(() => undefined);
      await conn.close();
    }
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('assembles the same change-score, mask and changes as runDetectJob', async () => {
    const ref = join(dir, 'ref');
    await runDetectJob({ ...detectJob(ref) });
    const stop = new AbortController();
    const worker = runQueueWorker(conn, { stalledIntervalMs: 1000 }, stop.signal);
    try {
      const out = join(dir, 'queued');
      const submitted = await submitRun(conn, 'detect', detectJob(out));
      expect(submitted).toMatchObject({ added: true, windows: 8 });
      const result = await waitForRun(conn, submitted.run, {});
      expect(result).toMatchObject({ command: 'detect', out });
      for (const name of ['change-score.tif', 'change-mask.tif', 'changes.geojson'])
        expect(readFileSync(join(out, name)).equals(readFileSync(join(ref, name))), name).toBe(true);
      const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
      expect(run.command).toBe('detect');
      expect(existsSync(submitted.work)).toBe(false);
    } finally {
      stop.abort();
      await worker;
    }
  }, 120_000);

  it.skipIf(nginx.skip)(
    `keeps inputs given by URL as URLs: workers read them by range requests, the same bytes come out${nginx.note}`,
    async () => {
      nginx.assert();
      const server = await startNginx(join(dir, 'city'));
      const stop = new AbortController();
      const worker = runQueueWorker(conn, { stalledIntervalMs: 1000 }, stop.signal);
      try {
        const ref = join(dir, 'ref-files');
        await runDetectJob(detectJob(ref));
        const byUrl = (name: string): string => `${server.url}/${name}`;
        const out = join(dir, 'queued-by-url');
        const job = detectJob(out);
        const submitted = await submitRun(conn, 'detect', {
          ...job,
          options: { ...job.options, before: byUrl('before.tif'), after: byUrl('after.tif') },
        });
        await waitForRun(conn, submitted.run, {});
        for (const name of ['change-score.tif', 'change-mask.tif', 'changes.geojson'])
          expect(readFileSync(join(out, name)).equals(readFileSync(join(ref, name))), name).toBe(true);
        const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
        expect(run.inputs.before.path).toBe(byUrl('before.tif'));
        expect(run.inputs.before.sha256).toBe(
          JSON.parse(readFileSync(join(ref, 'run.json'), 'utf8')).inputs.before.sha256,
        );
      } finally {
        stop.abort();
        await worker;
        await server.stop();
      }
    },
    120_000,
  );

  it('cancels a run with a window under way: that window stops between cells, nothing is assembled', async () => {
    const stop = new AbortController();
    const worker = runQueueWorker(conn, { stalledIntervalMs: 1000 }, stop.signal);
    try {
      const out = join(dir, 'cancelled');
      const { run, windows } = await submitRun(conn, 'detect', detectJob(out));
      await until('a window under way', async () => {
        for (let w = 0; w < windows; w++) {
          const job = await conn.queue.getJob(windowJobId(run, w));
          if (typeof job?.progress === 'number' && job.progress > 0 && job.progress < 100) return true;
        }
        return false;
      });
      expect((await cancelRun(conn, run)).state).toBe('cancelled');
      const status = await until('the window under way to stop', async () => {
        const s = await runStatus(conn, run);
        return s.windows.active === 0 ? s : null;
      });
      expect(status.state).toBe('cancelled');
      expect(status.assembly).not.toBe('done');
      expect(status.windows.done).toBeLessThan(windows);
      await new Promise((r) => setTimeout(r, 500));
      expect(existsSync(out)).toBe(false);
      await expect(waitForRun(conn, run, {})).rejects.toThrow(`run ${run} was cancelled`);
    } finally {
      stop.abort();
      await worker;
    }
  }, 120_000);
});
