import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectQueue, dropQueue, windowJobId, type QueueConnection } from '@payesh/pipeline';
import { needRedis, startRedis, writeCity, type CityFiles, type RedisService } from '@payesh/testkit';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';
import { spawnCli, type SpawnedCli } from '../testing/spawn-cli.js';
import { compareArgs } from '../testing/compare-args.js';

const check = await needRedis();
const dir = mkdtempSync(join(tmpdir(), 'payesh-queue-'));
// Keys of this file only, removed after.
const prefix = `payesh-test-${randomBytes(4).toString('hex')}`;
const OUTPUTS = ['change-score.tif', 'change-mask.tif', 'changes.geojson', 'flags.geojson', 'flags.csv'];

let city: CityFiles;
let redis: RedisService;
let conn: QueueConnection;
const workers: SpawnedCli[] = [];

const pairArgs = (out: string): string[] => compareArgs(city, out);
const queueArgs = (): string[] => ['--queue', redis.url, '--queue-prefix', prefix];

function startWorker(...extra: string[]): SpawnedCli & { log: () => string } {
  const w = spawnCli(['worker', ...queueArgs(), '--stalled-interval', '1000', ...extra]);
  let log = '';
  w.child.stderr!.on('data', (d) => (log += d));
  workers.push(w);
  return { ...w, log: () => log };
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function expectSameOutputs(a: string, b: string): void {
  for (const name of OUTPUTS) expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name))), name).toBe(true);
}

describe.skipIf(check.skip)(`payesh compare --queue, payesh worker, payesh runs${check.note}`, () => {
  beforeAll(async () => {
    redis = await startRedis();
    conn = await connectQueue({ url: redis.url, prefix });
    // A 512 m corner of the demo city, as compare.test.ts uses.
    city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    if (conn) {
      await dropQueue(conn).catch(() => undefined);
      await conn.close();
    }
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('queues a run once however often it is submitted, and cancels it: no assembly, status cancelled', async () => {
    const out = join(dir, 'cancelled');
    const first = await run([...pairArgs(out), ...queueArgs(), '--detach']);
    expect(first.code).toBe(EXIT.ok);
    const id = /run ([0-9a-f]{24}) queued/.exec(first.out)?.[1];
    expect(id).toBeDefined();
    const counts = await conn.queue.getJobCounts();
    const again = await run([...pairArgs(out), ...queueArgs(), '--detach']);
    expect(again.code).toBe(EXIT.ok);
    expect(again.err).toMatch(`run ${id} was on the queue already`);
    expect(await conn.queue.getJobCounts()).toEqual(counts);

    const cancelled = await run(['runs', 'cancel', id!, ...queueArgs()]);
    expect(cancelled.code).toBe(EXIT.ok);
    expect(cancelled.out).toMatch(`${id} compare cancelled`);
    const status = await run(['runs', 'status', id!, ...queueArgs(), '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ run: id, state: 'cancelled', windows: { done: 0 } });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.payesh-work`)).toBe(false);
  }, 120_000);

  it('with two workers writes the same bytes as a run in this process; runs status says done', async () => {
    const inProcess = join(dir, 'in-process');
    const ref = await run(pairArgs(inProcess));
    expect(ref.code).toBe(EXIT.ok);
    const a = startWorker();
    const b = startWorker();
    const out = join(dir, 'queued');
    const queued = await run([...pairArgs(out), ...queueArgs()]);
    for (const w of [a, b]) w.child.kill('SIGTERM');
    for (const w of [a, b]) expect((await w.exited).code).toBe(EXIT.ok);
    expect(queued.err).toMatch(/^run [0-9a-f]{24} queued: 2 windows\n$/);
    expect(queued.code).toBe(EXIT.ok);
    expect(queued.out).toBe(ref.out.replace(inProcess, out));
    expectSameOutputs(inProcess, out);
    // The work folder (cell scores) goes once the run is assembled.
    expect(readdirSync(dir).filter((f) => f.includes('payesh-work'))).toEqual([]);
    const id = /^run ([0-9a-f]{24})/.exec(queued.err)![1]!;
    const status = await run(['runs', 'status', ...queueArgs()]);
    expect(status.out).toMatch(`${id} compare done: windows 2/2, assembly done, out ${out}`);
    // Both workers took part: three jobs (two windows and the assembly) between them.
    const done = (a.log() + b.log()).match(new RegExp(`done ${id}-\\S+`, 'g')) ?? [];
    expect(done.sort()).toEqual([`done ${id}-assemble`, `done ${id}-w0`, `done ${id}-w1`]);
    // The cancelled run stays unassembled with workers about.
    expect(existsSync(join(dir, 'cancelled'))).toBe(false);
  }, 240_000);

  it('loses nothing and scores nothing twice when a worker is killed (SIGKILL) mid-window', async () => {
    // No worker of another test is about.
    expect(workers.every((w) => w.child.exitCode !== null || w.child.signalCode !== null)).toBe(true);
    const inProcess = join(dir, 'in-process-64');
    const ref = await run([...pairArgs(inProcess), '--tile-size', '64']);
    expect(ref.code).toBe(EXIT.ok);
    const out = join(dir, 'killed');
    const submitted = await run([...pairArgs(out), '--tile-size', '64', ...queueArgs(), '--detach']);
    const id = /run ([0-9a-f]{24}) queued/.exec(submitted.out)![1]!;
    // A worker whose lock lapses 2 s after it stops renewing it.
    const first = startWorker('--lock-duration', '2000');
    const killed = await until('a window under way', async () => {
      for (let w = 0; w < 16; w++) {
        const job = await conn.queue.getJob(windowJobId(id, w));
        const progress = job?.progress;
        if (typeof progress === 'number' && progress > 0 && progress < 100 && (await job!.getState()) === 'active')
          return job!.id!;
      }
      return null;
    });
    first.child.kill('SIGKILL');
    expect((await first.exited).code).toBe(128 + 9);
    const work = readdirSync(`${out}.payesh-work`).map((run) => join(`${out}.payesh-work`, run));
    // Only whole cell rows: no temporary file counts, and none of the killed row.
    const files = work.flatMap((w) => readdirSync(w));
    expect(files.every((f) => /^cells-r\d{5}\.f32(\.[0-9a-f]+\.tmp)?$/.test(f))).toBe(true);
    const killedRow = Number(/-w(\d+)$/.exec(killed)![1]);
    expect(files).not.toContain(`cells-r${String(killedRow).padStart(5, '0')}.f32`);

    const second = startWorker();
    const status = await until(
      'the run assembled',
      async () => {
        const s = await run(['runs', 'status', id, ...queueArgs(), '--json']);
        const parsed = JSON.parse(s.out) as { state: string };
        if (parsed.state === 'failed') throw new Error(s.out);
        return parsed.state === 'done' ? parsed : null;
      },
      120_000,
    );
    expect(status).toMatchObject({ windows: { total: 16, done: 16, failed: 0 }, assembly: 'done' });
    // The second worker took the killed window over.
    expect(second.log()).toMatch(`done ${killed}\n`);
    expectSameOutputs(inProcess, out);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 300_000);

  it('Ctrl-C while waiting leaves the run on the queue and says how to follow it', async () => {
    const out = join(dir, 'interrupted');
    const cli = spawnCli([...pairArgs(out), ...queueArgs()]);
    let err = '';
    cli.child.stderr!.on('data', (d) => (err += d));
    const id = await until('the run queued', async () => /^run ([0-9a-f]{24}) queued/.exec(err)?.[1]);
    cli.child.kill('SIGINT');
    const exit = await cli.exited;
    expect(exit.code).toBe(EXIT.interrupted);
    expect(exit.stderr).toMatch(
      `payesh: run ${id} stays on the queue; follow it with payesh runs status ${id} --queue ${redis.url} --queue-prefix ${prefix}\n`,
    );
    const status = await run(['runs', 'status', id, ...queueArgs(), '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ run: id, state: 'queued' });
    expect((await run(['runs', 'cancel', id, ...queueArgs()])).code).toBe(EXIT.ok);
    const unknown = await run(['runs', 'status', 'f00', ...queueArgs()]);
    expect(unknown.code).toBe(EXIT.input);
    expect(unknown.err).toBe(`payesh: no run "f00" on the queue ${redis.url}\n`);
  }, 60_000);

  it('says in one line that the queue cannot be reached, and exits non-zero', async () => {
    const started = Date.now();
    for (const args of [
      ['runs', 'status', '--queue', 'redis://127.0.0.1:1'],
      [...pairArgs(join(dir, 'nowhere')), '--queue', 'redis://127.0.0.1:1'],
      ['worker', '--queue', 'http://127.0.0.1:6379'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(EXIT.input);
      expect(r.err).toMatch(
        /^payesh: (cannot reach the queue at redis:\/\/127\.0\.0\.1:1: .*|--queue .*not a redis:\/\/ URL.*)\n$/,
      );
    }
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('never prints the password of a queue URL', async () => {
    const secret = 'queue-s3cret';
    const unreachable = await run(['runs', 'status', '--queue', `redis://:${secret}@127.0.0.1:1`]);
    expect(unreachable.code).toBe(EXIT.input);
    expect(unreachable.err).toMatch(/^payesh: cannot reach the queue at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*\n$/);
    const malformed = await run(['runs', 'status', '--queue', `redis://:${secret}@127.0.0.1:1/x`]);
    expect(malformed.code).toBe(EXIT.input);
    expect(malformed.err).toContain('redis://:***@127.0.0.1:1/x');
    // Redis here has no password: AUTH with one it does not need is refused, named without the password.
    const withAuth = await run([
      'runs',
      'status',
      'f00',
      '--queue',
      redis.url.replace('redis://', `redis://:${secret}@`),
    ]);
    for (const r of [unreachable, malformed, withAuth]) expect(`${r.out}${r.err}`).not.toContain(secret);
  }, 30_000);
});
