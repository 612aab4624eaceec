/**
 * The store on both backends: importing the demo city's run (4096 px, seed 1403) and 200 sequential
 * decisions through the store functions, SQLite (a file in a temp folder) against PostGIS (a fresh
 * database on the PostgreSQL testkit finds or starts). Prints one line per backend.
 *
 * Run: pnpm bench:store   (the demo city and its run are made once in .bench/, as for bench:tiles)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunFolder } from '@payesh/io';
import { addUser, decideFlag, importRun, listFlags, openStore, takeNextFlag } from '@payesh/store';
import { startPostgres } from '@payesh/testkit';
import { benchCityRun } from './lib/bench-city.js';

const DECISIONS = 200;
const { run } = await benchCityRun('.bench');
const folder = await readRunFolder(run, 'demo');
const work = mkdtempSync(join(tmpdir(), 'payesh-bench-store-'));
const pg = await startPostgres();
const database = await pg.createDatabase();

async function measure(name: string, location: string): Promise<void> {
  const store = await openStore(location);
  let t = performance.now();
  const imported = await importRun(store, folder);
  const importMs = performance.now() - t;
  const sara = await addUser(store, { username: 'sara', password: 'bench password', role: 'inspector' });
  const reza = await addUser(store, { username: 'reza', password: 'bench password', role: 'inspector' });
  const ids = (await listFlags(store, 'demo', { status: ['pending'], sort: 'rank', pageSize: DECISIONS })).items.map(
    (f) => f.id,
  );
  if (ids.length < DECISIONS) throw new Error(`only ${ids.length} pending flags`);
  t = performance.now();
  for (const id of ids) await decideFlag(store, 'demo', id, sara, { outcome: 'confirmed' });
  const decideMs = performance.now() - t;
  t = performance.now();
  let taken = 0;
  for (; taken < DECISIONS; taken++) {
    const flag = await takeNextFlag(store, 'demo', reza);
    if (!flag) break;
    await decideFlag(store, 'demo', flag.id, reza, { outcome: 'dismissed' });
  }
  const queueMs = performance.now() - t;
  await store.close();
  console.log(
    `${name}: import ${imported.flags} flags ${importMs.toFixed(0)} ms; ${DECISIONS} decisions ${decideMs.toFixed(0)} ms (${(decideMs / DECISIONS).toFixed(2)} ms each); ${taken} next-flag + decision ${queueMs.toFixed(0)} ms (${(queueMs / taken).toFixed(2)} ms each)`,
  );
}

try {
  await measure('sqlite ', join(work, 'bench.db'));
  await measure('postgis', database.url);
} finally {
  await database.drop();
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
