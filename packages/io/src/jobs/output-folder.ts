import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '@payesh/core';

/**
 * A folder of outputs that appears whole or not at all: files are written to a temporary folder
 * beside the destination and moved in when everything succeeded.
 */
export interface StagedFolder {
  readonly staging: string;
  /** Moves every staged file into the destination (created if needed), replacing same-named files. */
  commit(): Promise<void>;
  /** Removes the staging folder and everything in it. */
  discard(): Promise<void>;
}

/**
 * Fails unless `destination` is a folder or can become one (it and whatever part of its path exists
 * are folders): called before any input is read, so a bad --out costs nothing.
 */
export async function checkOutputFolder(destination: string): Promise<void> {
  let path = resolve(destination);
  for (;;) {
    const found = await stat(path).catch(() => null);
    if (found) {
      if (found.isDirectory()) return;
      const what = path === resolve(destination) ? 'is a file' : `is inside ${path}, which is a file`;
      throw new InputError(`the output folder ${what}; give --out a folder (new, or one to add to)`, { file: destination });
    }
    if (dirname(path) === path) return;
    path = dirname(path);
  }
}

export async function stageFolder(destination: string): Promise<StagedFolder> {
  await checkOutputFolder(destination);
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
      for (const name of await readdir(staging)) await rename(join(staging, name), join(target, name));
      await rm(staging, { recursive: true, force: true });
    },
    async discard() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}
