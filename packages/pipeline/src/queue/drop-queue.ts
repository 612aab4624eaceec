import type { QueueConnection } from './queue-connection.js';

/**
 * Removes everything of a queue from Redis: BullMQ's jobs of every state and Payesh's own keys under
 * the same prefix (runs registry, cancel marks). For a deployment's teardown, tests and benchmarks;
 * cell files in work folders are not touched.
 */
export async function dropQueue(conn: QueueConnection): Promise<void> {
  await conn.queue.obliterate({ force: true });
  const keys = await conn.redis.keys(`${conn.prefix}:*`);
  if (keys.length) await conn.redis.del(...keys);
}
