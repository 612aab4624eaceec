import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { needRedis, redisAnswers, startRedis } from './redis.js';

const check = await needRedis();
const hasBinary = (process.env['PATH'] ?? '').split(':').some((d) => d && existsSync(`${d}/redis-server`));

describe('startRedis', () => {
  it('finds nothing answering on a closed port', async () => {
    expect(await redisAnswers(1, 500)).toBe(false);
  });

  it.skipIf(check.skip)(`gives a Redis that answers PING${check.note}`, async () => {
    const redis = await startRedis();
    try {
      expect(await redisAnswers(Number(new URL(redis.url).port))).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  it.skipIf(!hasBinary)('starts a throwaway redis-server on a free port when none answers, and stops it', async () => {
    const redis = await startRedis(process.env, { standardPort: 1 });
    const port = Number(new URL(redis.url).port);
    expect(redis.started).toBe(true);
    expect(port).not.toBe(1);
    expect(await redisAnswers(port)).toBe(true);
    await redis.stop();
    expect(await redisAnswers(port, 500)).toBe(false);
  });
});
