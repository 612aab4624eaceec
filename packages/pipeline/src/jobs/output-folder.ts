import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '@payesh/core';

/**
 * A folder of outputs that appears whole or not at all: files are written to a temporary folder
 * beside the destination and moved in when everything succeeded.
 */
export interface StagedFolder {
  readonly staging: string;
  /**
   * Moves every staged file into the destination (created if needed), replacing same-named files,
   * and removes the files of an earlier run that this one did not write (RUN_FILES), so the folder
   * never mixes two runs.
   */
  commit(): Promise<void>;
  /** Removes the staging folder and everything in it. */
  discard(): Promise<void>;
}

/** Every file a detect or compare run writes into its folder. */
export const RUN_FILES = [
  'change-score.tif',
  'change-mask.tif',
  'changes.geojson',
  'flags.geojson',
  'flags.csv',
  'run.json',
] as const;

export interface OutputFolderOptions {
  /** Replace a run already in the folder (its run.json) instead of refusing. */
  readonly overwrite?: boolean;
}

/**
 * Fails unless `destination` is a folder or can become one (it and whatever part of its path exists
 * are folders), and, without `overwrite`, unless it holds no run yet (no run.json): called before any
 * input is read, so a bad --out costs nothing.
 */
export async function checkOutputFolder(destination: string, options: OutputFolderOptions = {}): Promise<void> {
  let path = resolve(destination);
  for (;;) {
    const found = await stat(path).catch(() => null);
    if (found) {
      if (found.isDirectory()) break;
      const what = path === resolve(destination) ? 'is a file' : `is inside ${path}, which is a file`;
      throw new InputError(`the output folder ${what}; give --out a folder (new, or one to add to)`, {
        file: destination,
      });
    }
    if (dirname(path) === path) return;
    path = dirname(path);
  }
  if (path === resolve(destination) && !options.overwrite) await refuseEarlierRun(destination);
}

async function refuseEarlierRun(destination: string): Promise<void> {
  const runJson = join(resolve(destination), 'run.json');
  const found = await stat(runJson).catch(() => null);
  if (!found) return;
  const command = await readFile(runJson, 'utf8')
    .then((text) => (JSON.parse(text) as { command?: unknown }).command)
    .catch(() => undefined);
  const what = typeof command === 'string' && /^[a-z-]{1,20}$/.test(command) ? command : 'unknown command';
  throw new InputError(
    `--out ${destination} already holds a run (${what}, ${found.mtime.toISOString().slice(0, 10)}): choose another folder or add --overwrite`,
  );
}

export async function stageFolder(destination: string, options: OutputFolderOptions = {}): Promise<StagedFolder> {
  await checkOutputFolder(destination, options);
  const target = resolve(destination);
  const parent = dirname(target);
  let staging: string;
  try {
    await mkdir(parent, { recursive: true });
    staging = await mkdtemp(join(parent, `.${basename(target)}.partial-`));
  } catch (error) {
    throw new InputError(`cannot create the output folder: ${(error as Error).message}`, { file: destination });
  }
  return {
    staging,
    async commit() {
      await mkdir(target, { recursive: true });
      const staged = await readdir(staging);
      for (const name of staged) await rename(join(staging, name), join(target, name));
      for (const name of RUN_FILES) if (!staged.includes(name)) await rm(join(target, name), { force: true });
      await rm(staging, { recursive: true, force: true });
    },
    async discard() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}
