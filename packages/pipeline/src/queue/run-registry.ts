import { NotFoundError } from '@payesh/core';
import { printableQueueUrl, type QueueConnection } from './queue-connection.js';

/** What the queue remembers of a submitted run, besides its jobs. */
export interface RunEntry {
  readonly run: string;
  readonly command: 'detect' | 'compare';
  readonly out: string;
  /** Indices of its window jobs (rows of cells). */
  readonly windows: readonly number[];
  readonly submittedAt: string;
}

export async function registerRun(conn: QueueConnection, entry: RunEntry): Promise<void> {
  await conn.redis.hset(conn.key('runs'), entry.run, JSON.stringify(entry));
  await conn.redis.del(conn.key('cancelled', entry.run));
}

export async function runEntry(conn: QueueConnection, run: string): Promise<RunEntry> {
  const text = await conn.redis.hget(conn.key('runs'), run);
  if (text === null) throw new NotFoundError(`no run "${run}" on the queue ${printableQueueUrl(conn.config.url)}`);
  return JSON.parse(text) as RunEntry;
}

export async function allRuns(conn: QueueConnection): Promise<RunEntry[]> {
  const all = await conn.redis.hgetall(conn.key('runs'));
  return Object.values(all)
    .map((t) => JSON.parse(t) as RunEntry)
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

/** Marks a run cancelled: workers stop its windows between cells and refuse its assembly. */
export async function markCancelled(conn: QueueConnection, run: string): Promise<void> {
  await conn.redis.set(conn.key('cancelled', run), new Date().toISOString());
}

export async function isCancelled(conn: QueueConnection, run: string): Promise<boolean> {
  return (await conn.redis.exists(conn.key('cancelled', run))) === 1;
}
