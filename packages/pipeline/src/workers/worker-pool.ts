import { Worker } from 'node:worker_threads';
import { ConflictError, DataError, ForbiddenError, InputError, NotFoundError, PayeshError } from '@payesh/core';

/** An error as it crosses threads: enough to rebuild the PayeshError the user should see. */
export interface SerializedError {
  readonly name: string;
  readonly code: string | null;
  readonly message: string;
  readonly file: string | null;
}

export type WorkerReply<R> = { readonly id: number; readonly result: R } | { readonly id: number; readonly error: SerializedError };
export interface WorkerRequest<Q> {
  readonly id: number;
  readonly request: Q;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof PayeshError) return { name: error.name, code: error.code, message: error.message, file: error.file ?? null };
  const e = error as Error;
  return { name: e?.name ?? 'Error', code: null, message: e?.stack ?? String(error), file: null };
}

function revive(e: SerializedError): Error {
  const options = e.file === null ? {} : { file: e.file };
  if (e.code === 'input') return new InputError(e.message, options);
  if (e.code === 'not-found') return new NotFoundError(e.message, options);
  if (e.code === 'conflict') return new ConflictError(e.message);
  if (e.code === 'forbidden') return new ForbiddenError(e.message);
  if (e.code === 'data' || e.code === 'unsupported' || e.code === 'limit') return new DataError(e.message, { ...options, code: e.code });
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/**
 * Starts a worker script; from TypeScript sources (no build step) through a small bootstrap that
 * registers tsx's loader in the new thread first.
 */
function startWorker(script: URL, workerData: unknown): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * One abort listener per signal however many requests share it (a detection sends hundreds), calling
 * each waiting request's handler once.
 */
function abortWatch(): { watch(signal: AbortSignal, id: number, onAbort: () => void): () => void; clear(): void } {
  const watched = new Map<AbortSignal, { readonly handlers: Map<number, () => void>; readonly listener: () => void }>();
  const clear = (signal: AbortSignal): void => {
    signal.removeEventListener('abort', watched.get(signal)!.listener);
    watched.delete(signal);
  };
  return {
    watch(signal, id, onAbort) {
      let entry = watched.get(signal);
      if (!entry) {
        const handlers = new Map<number, () => void>();
        const listener = (): void => {
          clear(signal);
          for (const handler of handlers.values()) handler();
        };
        entry = { handlers, listener };
        watched.set(signal, entry);
        signal.addEventListener('abort', listener, { once: true });
      }
      entry.handlers.set(id, onAbort);
      return () => entry.handlers.delete(id);
    },
    clear() {
      for (const signal of [...watched.keys()]) clear(signal);
    },
  };
}

export interface WorkerPool<Q, R> {
  readonly size: number;
  run(request: Q, signal?: AbortSignal): Promise<R>;
  close(): Promise<void>;
}

/**
 * A pool of worker threads running `script` (which answers WorkerRequest<Q> with WorkerReply<R>):
 * requests queue until a worker is idle; a worker's crash fails what it had and the pool. A request
 * whose signal aborts fails at once; close() then ends the workers mid-task.
 */
export function createWorkerPool<Q, R>(script: URL, workerData: unknown, size: number): WorkerPool<Q, R> {
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  const queue: WorkerRequest<Q>[] = [];
  const idle: Worker[] = [];
  let nextId = 0;
  let failure: Error | null = null;
  const aborts = abortWatch();
  const dispatch = (worker: Worker): void => {
    const job = queue.shift();
    if (job) worker.postMessage(job);
    else idle.push(worker);
  };
  const workers = Array.from({ length: Math.max(1, size) }, () => {
    const worker = startWorker(script, workerData);
    worker.on('message', (reply: WorkerReply<R>) => {
      const task = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) task?.reject(revive(reply.error));
      else task?.resolve(reply.result);
      dispatch(worker);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const task of pending.values()) task.reject(error);
      pending.clear();
    });
    idle.push(worker);
    return worker;
  });
  return {
    size: workers.length,
    run: (request, signal) =>
      new Promise<R>((resolve, reject) => {
        if (failure) return reject(failure);
        if (signal?.aborted) return reject(signal.reason as Error);
        const id = nextId++;
        // An abort fails the request at once: dropped from the queue, or its reply ignored when it comes.
        const settled = signal ? aborts.watch(signal, id, () => {
          pending.delete(id);
          const queued = queue.findIndex((job) => job.id === id);
          if (queued >= 0) queue.splice(queued, 1);
          reject(signal.reason as Error);
        }) : () => undefined;
        pending.set(id, { resolve: (r) => (settled(), resolve(r)), reject: (e) => (settled(), reject(e)) });
        queue.push({ id, request });
        const worker = idle.pop();
        if (worker) dispatch(worker);
      }),
    async close() {
      aborts.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The worker side: answers each request with `handle` (its result's transferable buffers moved, not copied). */
export function serveRequests<Q, R>(port: import('node:worker_threads').MessagePort, handle: (request: Q) => Promise<R>, transfer: (result: R) => ArrayBuffer[] = () => []): void {
  port.on('message', (message: WorkerRequest<Q>) => {
    handle(message.request).then(
      (result) => port.postMessage({ id: message.id, result } satisfies WorkerReply<R>, transfer(result)),
      (error: unknown) => port.postMessage({ id: message.id, error: serializeError(error) } satisfies WorkerReply<R>),
    );
  });
}
