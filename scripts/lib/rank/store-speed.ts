import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FlagProperties, RunFolder } from '@payesh/contract';

import { addUser, decideFlag, importRun, listFlags, openStore, rankRun, takeNextFlag } from '@payesh/store';
import { compareRecordFixture, startPostgres } from '@payesh/testkit';

const DECIDED = 200;

/**
 * `payesh rank` through the store on a run of these flags (SQLite in `work`, then PostGIS): 200 decided
 * (confirmed unless off every parcel or every third), the whole ranking timed (read, fit, validate,
 * write every pending flag's probability), and the queue's next flag and a page of the list in the
 * queue's order timed before and after. One line per store.
 */
export async function rankStoreSpeed(work: string, flags: readonly FlagProperties[]): Promise<string[]> {
  const folder: RunFolder = {
    id: 'many',
    dir: join(work, 'many'),
    runJson: compareRecordFixture(),
    flags: flags.map((p, i) => ({
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: p.evidence.coordinates },
      properties: { ...p, flag_id: `${p.flag_id}#${i}`, rank: i + 1 },
    })),
  };
  const lines: string[] = [];
  const measure = async (name: string, location: string): Promise<void> => {
    const store = await openStore(location);
    await importRun(store, folder);
    const sara = await addUser(store, { username: 'sara', password: 'bench password', role: 'inspector' });
    const queueTimes = async (): Promise<string> => {
      let t = performance.now();
      for (let k = 0; k < 20; k++) await takeNextFlag(store, 'many', sara);
      const next = (performance.now() - t) / 20;
      t = performance.now();
      for (let k = 0; k < 20; k++) await listFlags(store, 'many', { sort: 'queue', pageSize: 50 });
      return `next flag ${next.toFixed(1)} ms, a page of 50 in queue order ${((performance.now() - t) / 20).toFixed(1)} ms`;
    };
    const ids = (await listFlags(store, 'many', { status: ['pending'], sort: 'rank', pageSize: DECIDED })).items;
    for (const [k, f] of ids.entries())
      await decideFlag(store, 'many', f.id, sara, {
        outcome: f.violation !== 'encroachment' && k % 3 ? 'confirmed' : 'dismissed',
      });
    const before = await queueTimes();
    const t = performance.now();
    const record = await rankRun(store, 'many');
    const totalMs = performance.now() - t;
    const after = await queueTimes();
    await store.close();
    lines.push(
      `${name}: rank ${flags.length} flags (${record.decided} decided, ${record.ranked} pending ranked, applied ${record.applied}): ${totalMs.toFixed(0)} ms in all (fit + validate ${record.fitMs.toFixed(0)} ms, probabilities written ${record.storeMs.toFixed(0)} ms); before: ${before}; after: ${after}`,
    );
  };
  const sqlite = join(work, 'rank-speed.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlite}${suffix}`, { force: true });
  await measure('sqlite', sqlite);
  const pg = await startPostgres().catch(() => null);
  if (!pg) return [...lines, 'postgis: PostgreSQL not available, not measured'];
  const database = await pg.createDatabase();
  try {
    await measure('postgis', database.url);
  } finally {
    await database.drop();
    await pg.stop();
  }
  return lines;
}
