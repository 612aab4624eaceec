import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ConflictError, DataError, ForbiddenError, InputError, NotFoundError, PayeshError } from '@payesh/core';

/** An error as it crosses threads: enough to rebuild the PayeshError the user should see. */
interface SerializedError {
  readonly name: string;
  readonly code: string | null;
  readonly message: string;
  readonly file: string | null;
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof PayeshError)
    return { name: error.name, code: error.code, message: error.message, file: error.file ?? null };
  const e = error as Error;
  return { name: e?.name ?? 'Error', code: null, message: e?.stack ?? String(error), file: null };
}

function reviveError(e: SerializedError): Error {
  const options = e.file === null ? {} : { file: e.file };
  if (e.code === 'input') return new InputError(e.message, options);
  if (e.code === 'not-found') return new NotFoundError(e.message, options);
  if (e.code === 'conflict') return new ConflictError(e.message);
  if (e.code === 'forbidden') return new ForbiddenError(e.message);
  if (e.code === 'data' || e.code === 'unsupported' || e.code === 'limit')
    return new DataError(e.message, { ...options, code: e.code });
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/** What a task sends back when it fails (piscina would clone the error and lose its class, code and file). */
interface TaskFailure {
  readonly workerError: SerializedError;
}

const isFailure = (reply: unknown): reply is TaskFailure =>
  reply !== null && typeof reply === 'object' && !ArrayBuffer.isView(reply) && 'workerError' in reply;

/**
 * One abort listener per signal however many requests share it (a detection sends hundreds; Node warns
 * on stderr about an AbortSignal with more than 10 listeners), calling each waiting request's handler once.
 */
function abortWatch(): { watch(signal: AbortSignal, onAbort: () => void): () => void; clear(): void } {
  const watched = new Map<AbortSignal, { readonly handlers: Set<() => void>; readonly listener: () => void }>();
  const clear = (signal: AbortSignal): void => {
    signal.removeEventListener('abort', watched.get(signal)!.listener);
    watched.delete(signal);
  };
  return {
    watch(signal, onAbort) {
      let entry = watched.get(signal);
      if (!entry) {
        const handlers = new Set<() => void>();
        const listener = (): void => {
          clear(signal);
          for (const handler of handlers) handler();
        };
        entry = { handlers, listener };
        watched.set(signal, entry);
        signal.addEventListener('abort', listener, { once: true });
      }
      entry.handlers.add(onAbort);
      return () => entry.handlers.delete(onAbort);
    },
    clear() {
      for (const signal of [...watched.keys()]) clear(signal);
    },
  };
}

export interface ThreadPool<Q, R> {
  readonly size: number;
  run(request: Q, signal?: AbortSignal): Promise<R>;
  close(): Promise<void>;
}

/**
 * `size` worker threads (piscina) running `script`, whose default export is made by `serveTasks`;
 * a TypeScript script (no build step) is loaded through worker-bootstrap.mjs, which registers tsx's
 * loader in the thread first. Requests queue until a thread is free. A request whose signal aborts
 * fails at once with the signal's reason and its answer, if one comes, is ignored; close() then ends
 * the threads mid-task and drops what is queued. (The signal is not given to piscina: its abort ends
 * the thread running the task and starts another, which loads and opens everything again while the
 * job is stopping.) A task's PayeshError comes back as the same class with the same message and file.
 * A thread that fails outside any task fails what waits and every later request.
 */
export function createThreadPool<Q, R>(script: URL, workerData: unknown, size: number): ThreadPool<Q, R> {
  const threads = Math.max(1, size);
  const ts = script.pathname.endsWith('.ts');
  const pool = new Piscina({
    filename: fileURLToPath(ts ? new URL('./worker-bootstrap.mjs', import.meta.url) : script),
    argv: ts ? [script.href] : [],
    workerData,
    minThreads: threads,
    maxThreads: threads,
  });
  const aborts = abortWatch();
  const waiting = new Set<(error: Error) => void>();
  let failure: Error | null = null;
  pool.on('error', (error: Error) => {
    failure = error;
    for (const fail of [...waiting]) fail(error);
  });
  return {
    size: threads,
    run: (request, signal) =>
      new Promise<R>((resolve, reject) => {
        if (failure) return reject(failure);
        if (signal?.aborted) return reject(signal.reason as Error);
        let settled = false;
        let unwatch = (): void => undefined;
        const settle = (): boolean => {
          if (settled) return false;
          settled = true;
          unwatch();
          waiting.delete(fail);
          return true;
        };
        const fail = (error: Error): void => void (settle() && reject(error));
        if (signal) unwatch = aborts.watch(signal, () => fail(signal.reason as Error));
        waiting.add(fail);
        pool.run(request).then(
          (reply: unknown) =>
            isFailure(reply) ? fail(reviveError(reply.workerError)) : void (settle() && resolve(reply as R)),
          (error: Error) => fail(error),
        );
      }),
    async close() {
      aborts.clear();
      await pool.destroy();
    },
  };
}

/**
 * The worker side: the task handler a thread script exports by default. A typed-array result is
 * moved, not copied; an error is sent back as data (SerializedError).
 */
export function serveTasks<Q, R>(handle: (request: Q) => Promise<R>): (request: Q) => Promise<unknown> {
  return async (request) => {
    try {
      const result = await handle(request);
      return ArrayBuffer.isView(result) ? Piscina.move(result) : result;
    } catch (error) {
      return { workerError: serializeError(error) } satisfies TaskFailure;
    }
  };
}
