import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { InputError, type FlagProperties } from '@payesh/core';

/** A run folder read for import: run.json (input paths made absolute) and flags.geojson. */
export interface RunFolder {
  readonly id: string;
  readonly dir: string;
  readonly runJson: Record<string, unknown>;
  readonly flags: readonly { readonly geometry: unknown; readonly properties: FlagProperties }[];
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not in the run folder (run payesh compare first)' : (error as Error).message, { file: path });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file: path });
  }
}

/**
 * Reads a folder written by `payesh compare`. Input image paths in run.json are made absolute
 * (relative ones are taken from `cwd`, where compare ran, else from the folder) so a server can find
 * the imagery later.
 */
export async function readRunFolder(dir: string, name?: string, cwd = process.cwd()): Promise<RunFolder> {
  const abs = resolve(dir);
  const runJson = (await readJson(join(abs, 'run.json'))) as Record<string, unknown>;
  const flags = (await readJson(join(abs, 'flags.geojson'))) as { type?: string; features?: unknown };
  if (flags?.type !== 'FeatureCollection' || !Array.isArray(flags.features)) throw new InputError('not a GeoJSON FeatureCollection', { file: join(abs, 'flags.geojson') });
  const inputs = (runJson.inputs ?? {}) as Record<string, { path?: string }>;
  for (const key of ['before', 'after']) {
    const p = inputs[key]?.path;
    if (typeof p !== 'string') throw new InputError(`run.json has no inputs.${key}.path`, { file: join(abs, 'run.json') });
    if (!isAbsolute(p)) inputs[key]!.path = resolve(cwd, p);
  }
  return { id: name ?? basename(abs), dir: abs, runJson, flags: flags.features as RunFolder['flags'] };
}
