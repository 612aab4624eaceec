import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { NotFoundError } from '@payesh/core';

/** A labelled before/after pair in the cd-bench layout: before.tif, after.tif, truth.tif, meta.json. */
export interface LabelledPair {
  /** Path relative to the folder searched, e.g. "levir/test_2_0000_0000". */
  readonly id: string;
  /** First part of the id (the set), or the searched folder's name when pairs sit directly in it. */
  readonly set: string;
  readonly dir: string;
  readonly meta: Record<string, unknown>;
}

async function isPair(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return ['before.tif', 'after.tif', 'truth.tif'].every((n) => names.includes(n));
}

/** Finds labelled pairs in `root`, one or two folder levels down (or `root` itself), sorted by id. */
export async function findLabelledPairs(root: string): Promise<LabelledPair[]> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new NotFoundError('no such folder of labelled pairs', { file: root });
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (await isPair(dir)) {
      found.push(dir);
      return;
    }
    if (depth === 0) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)))
      await walk(join(dir, e.name), depth - 1);
  };
  await walk(root, 2);
  if (found.length === 0)
    throw new NotFoundError('no labelled pairs (folders with before.tif, after.tif and truth.tif) found', {
      file: root,
    });
  return Promise.all(
    found.map(async (dir) => {
      const id = relative(root, dir) || '.';
      const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8').catch(() => '{}')) as Record<
        string,
        unknown
      >;
      return { id, set: id.includes('/') ? id.split('/')[0]! : basename(resolve(root)), dir, meta };
    }),
  );
}
