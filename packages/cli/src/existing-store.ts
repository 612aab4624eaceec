import { existsSync } from 'node:fs';
import { InputError } from '@payesh/core';
import { openStore, type Store } from '@payesh/store';

/** Runs `work` on the store at `db`, closed afterwards; a missing store is refused unless `create`. */
export async function withStore<T>(
  db: string,
  work: (store: Store) => T | Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  if (!options.create && !existsSync(db))
    throw new InputError('no such store (see payesh serve or payesh import)', { file: db });
  const store = openStore(db);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
