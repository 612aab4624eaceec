import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '@payesh/core';

/** Where a queue lives: a Redis URL, and the names its keys go under (one prefix per deployment or test). */
export interface QueueConfig {
  /** redis://[user:password@]host:port[/db] (rediss:// with TLS). */
  readonly url: string;
  /** Prefix of every Redis key (BullMQ's and Payesh's own); default "payesh". */
  readonly prefix?: string;
  /** The BullMQ queue's name; default "detect". */
  readonly name?: string;
}

/** An open queue: BullMQ's Queue, a Redis client, and where Payesh's own keys go. */
export interface QueueConnection {
  readonly config: QueueConfig;
  readonly queue: Queue;
  readonly redis: Redis;
  readonly prefix: string;
  readonly name: string;
  /** A key of Payesh's own beside the queue's (runs registry, cancel marks). */
  key(...parts: string[]): string;
  close(): Promise<void>;
}

export const DEFAULT_QUEUE_PREFIX = 'payesh';
export const DEFAULT_QUEUE_NAME = 'detect';

/** A queue URL as messages show it: the password, if any, as *** (the URL itself is never printed). */
export function printableQueueUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return url.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
  }
}

/** Checks a queue URL's form: redis:// or rediss:// with a host; one line naming it otherwise. */
export function checkQueueUrl(given: string): URL {
  const url = printableQueueUrl(given);
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    throw new InputError(`--queue "${url}" is not a URL (redis://host:6379[/db])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new InputError(`--queue ${url}: not a redis:// URL (redis://host:6379[/db])`);
  if (!parsed.hostname) throw new InputError(`--queue ${url}: no host (redis://host:6379[/db])`);
  if (parsed.pathname.length > 1 && !/^\/\d{1,2}$/.test(parsed.pathname))
    throw new InputError(`--queue ${url}: the path must be a database number (redis://host:6379/0)`);
  return parsed;
}

/**
 * Connects to the queue, failing within `timeoutMs` with one line when Redis does not answer (a
 * probe that does not retry), then opening the clients BullMQ needs, which retry for ever (a worker
 * rides out a Redis restart).
 */
export async function connectQueue(
  config: QueueConfig,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<QueueConnection> {
  checkQueueUrl(config.url);
  const probe = new Redis(config.url, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs ?? 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | null = null;
  probe.on('error', (error: Error) => {
    lastError = error;
  });
  const abort = () => probe.disconnect();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    options.signal?.throwIfAborted();
    const why = (lastError as Error | null)?.message || (error as Error).message || 'no answer';
    throw new InputError(`cannot reach the queue at ${printableQueueUrl(config.url)}: ${why}`);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    probe.disconnect();
  }
  const redis = new Redis(config.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const prefix = config.prefix ?? DEFAULT_QUEUE_PREFIX;
  const name = config.name ?? DEFAULT_QUEUE_NAME;
  const queue = new Queue(name, { connection: redis, prefix });
  queue.on('error', () => undefined);
  return {
    config,
    queue,
    redis,
    prefix,
    name,
    key: (...parts) => [prefix, name, 'payesh', ...parts].join(':'),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
