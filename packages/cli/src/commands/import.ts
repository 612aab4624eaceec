import type { Command } from 'commander';
import { readRunFolder } from '@payesh/io';
import { importRun, openStore } from '@payesh/store';
import type { CommandContext } from '../context.js';
import { DB_OPTION_HELP, storeName } from '../existing-store.js';

/** Imports a compare run folder into the store (idempotent); shared with `compare --db`. */
export async function importFolder(
  dir: string,
  db: string,
  name?: string,
): Promise<{ id: string; created: boolean; changed: boolean; flags: number }> {
  const folder = await readRunFolder(dir, name);
  const store = await openStore(db);
  try {
    return { id: folder.id, ...(await importRun(store, folder)) };
  } finally {
    await store.close();
  }
}

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('import a run folder written by payesh compare into the store (again: nothing changes)')
    .argument('<run-dir>', 'the folder (run.json, flags.geojson, change-score.tif)')
    .option('--db <file>', DB_OPTION_HELP, 'payesh.db')
    .option('--name <run>', 'the run name (default: the folder name)')
    .action(async (dir: string, options: { db: string; name?: string }) => {
      const r = await importFolder(dir, options.db, options.name);
      ctx.stdout(
        `run "${r.id}": ${r.created ? 'imported' : r.changed ? 'updated' : 'unchanged'}, ${r.flags} flags, in ${storeName(options.db)}\n`,
      );
    });
}
