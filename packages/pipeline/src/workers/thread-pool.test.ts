import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError, InputError } from '@payesh/core';
import { createThreadPool, type ThreadPool } from '../index.js';
import type { EchoRequest } from '../testing/echo-worker.js';

let pool: ThreadPool<EchoRequest, Float32Array> | null = null;
const start = (size = 2): ThreadPool<EchoRequest, Float32Array> =>
  (pool = createThreadPool(new URL('../testing/echo-worker.ts', import.meta.url), { offset: 0.5 }, size));

afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('thread pool (piscina)', () => {
  it('runs a TypeScript script with its workerData; typed arrays come back', async () => {
    const p = start();
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => p.run({ kind: 'echo', n })));
    expect(results.map((r) => [r.constructor.name, ...r])).toEqual(
      Array.from({ length: 20 }, (_, n) => ['Float32Array', n + 0.5]),
    );
  });

  it("rebuilds a task's PayeshError as the same class, message, file and code", async () => {
    const p = start();
    const input = await p.run({ kind: 'input' }).catch((e: unknown) => e);
    expect(input).toBeInstanceOf(InputError);
    expect(input).toMatchObject({ message: 'bad parameter', file: 'a.tif', code: 'input' });
    const data = await p.run({ kind: 'data' }).catch((e: unknown) => e);
    expect(data).toBeInstanceOf(DataError);
    expect(data).toMatchObject({
      message: 'compression 34925 (LZMA) is not supported',
      file: 'b.tif',
      code: 'unsupported',
    });
    const bug = (await p.run({ kind: 'bug' }).catch((e: unknown) => e)) as Error;
    expect([bug.name, bug.message.split('\n')[0]]).toEqual(['TypeError', 'TypeError: x is undefined']);
    expect(Array.from(await p.run({ kind: 'echo', n: 1 }))).toEqual([1.5]);
  });

  it('an abort fails running and queued requests at once with the reason; one listener on the signal; close ends the threads', async () => {
    const p = start();
    await Promise.all(Array.from({ length: 4 }, (_, n) => p.run({ kind: 'echo', n }))); // the threads are up
    const controller = new AbortController();
    const requests = Array.from({ length: 30 }, () =>
      p.run({ kind: 'block', ms: 30_000 }, controller.signal).catch((e: unknown) => e),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    const reason = new DOMException('SIGTERM', 'AbortError');
    const t0 = performance.now();
    controller.abort(reason);
    const failed = await Promise.all(requests);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(failed.every((e) => e === reason)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(p.run({ kind: 'echo', n: 0 }, controller.signal)).rejects.toBe(reason);
    const closing = performance.now();
    await p.close();
    pool = null;
    expect(performance.now() - closing).toBeLessThan(5000);
  });
});
