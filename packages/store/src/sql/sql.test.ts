import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import { storeBackends } from '../testing/backends.js';

describe.each(storeBackends())('the SQL port on $name', (backend) => {
  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown(), 60_000);
  const it_ = backend.skip ? it.skip : it;
  const count = 'SELECT count(*) AS n FROM audit';

  it_(`never lets another statement see a transaction's uncommitted rows while it awaits${backend.note}`, async () => {
    const store = await openStore(await backend.location());
    let seenDuring: unknown;
    const failing = store.sql.transaction(async (tx) => {
      await tx.run("INSERT INTO audit (at, user_id, action, subject, details) VALUES ('t', NULL, 'x', 'y', '{}')");
      // Another request's statement arrives while this transaction awaits something.
      seenDuring = store.sql.get(count);
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('rolled back');
    });
    await expect(failing).rejects.toThrow('rolled back');
    expect(await seenDuring).toEqual({ n: 0 });
    expect(await store.sql.get(count)).toEqual({ n: 0 });
    await store.close();
  });

  it_(`commits before the transaction's promise resolves${backend.note}`, async () => {
    const location = await backend.location();
    const store = await openStore(location);
    const other = await openStore(location);
    await store.sql.transaction(async (tx) => {
      await tx.run("INSERT INTO audit (at, user_id, action, subject, details) VALUES ('t', NULL, 'x', 'y', '{}')");
      expect(await other.sql.get(count)).toEqual({ n: 0 }); // not yet, from another connection
    });
    expect(await other.sql.get(count)).toEqual({ n: 1 });
    await other.close();
    await store.close();
  });
});
