/** A thread script for thread-pool.test.ts: answers, fails or blocks as each request asks. */
import { workerData } from 'node:worker_threads';
import { DataError, InputError } from '@payesh/core';
import { serveTasks } from '../workers/thread-pool.js';

export type EchoRequest =
  | { readonly kind: 'echo'; readonly n: number }
  | { readonly kind: 'input' | 'data' | 'bug' }
  | { readonly kind: 'block'; readonly ms: number };

const { offset } = workerData as { offset: number };

export default serveTasks<EchoRequest, Float32Array>(async (request) => {
  switch (request.kind) {
    case 'echo':
      return Float32Array.of(request.n + offset);
    case 'input':
      throw new InputError('bad parameter', { file: 'a.tif' });
    case 'data':
      throw new DataError('compression 34925 (LZMA) is not supported', { file: 'b.tif', code: 'unsupported' });
    case 'bug':
      throw new TypeError('x is undefined');
    case 'block':
      // Busy without turning the event loop: only ending the thread stops it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, request.ms);
      return Float32Array.of(-1);
  }
});
