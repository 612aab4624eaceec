import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { DataError, InputError, NotFoundError, type GbdtModel } from '@payesh/core';

/** The model file of `payesh train`: the trees, and how they were made (for run.json and the docs). */
export interface ModelFile {
  readonly format: 'payesh-change-model';
  readonly version: 1;
  readonly model: GbdtModel;
  readonly training: Record<string, unknown>;
}

const node = z.object({
  f: z.number().int().min(-1),
  t: z.number(),
  l: z.number().int().min(0),
  r: z.number().int().min(0),
  v: z.number(),
});
const schema = z.object({
  format: z.literal('payesh-change-model'),
  version: z.literal(1),
  model: z.object({
    kind: z.literal('gbdt'),
    features: z.array(z.string()).min(1),
    base: z.number(),
    trees: z.array(z.array(node).min(1)),
  }),
  training: z.record(z.string(), z.unknown()),
});

/** Reads and checks a model file; every tree must reference existing features and nodes. */
export async function readModelFile(path: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('model file not found', { file: path });
    throw new InputError(`cannot read the model file: ${(error as Error).message}`, { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataError('the model file is not JSON', { file: path });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(`not a Payesh model file: ${issue.path.join('.') || 'top level'}: ${issue.message}`, {
      file: path,
    });
  }
  const { model } = parsed.data;
  for (const [t, tree] of model.trees.entries()) {
    for (const n of tree) {
      if (
        n.f >= model.features.length ||
        (n.f >= 0 && (n.l >= tree.length || n.r >= tree.length || n.l === 0 || n.r === 0))
      ) {
        throw new DataError(`not a Payesh model file: tree ${t} has a node pointing outside the tree or the features`, {
          file: path,
        });
      }
    }
  }
  return parsed.data as ModelFile;
}

/** Writes a model file atomically (temporary file, then rename). */
export async function writeModelFile(path: string, file: ModelFile): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(file)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError(`cannot write the model file: ${(error as Error).message}`, { file: path });
  }
}
