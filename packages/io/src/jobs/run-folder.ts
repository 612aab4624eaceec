import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '@payesh/core';
import { ContractError, parseFlagCollection, parseRunRecord, type RunFolder } from '@payesh/contract';
import { isHttpUrl } from '../source/url.js';

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'not in the run folder (run payesh compare first)'
        : (error as Error).message,
      { file: path },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file: path });
  }
}

/** `parse(value)`, its ContractError an InputError naming `file`. */
function checked<T>(parse: (value: unknown) => T, value: unknown, file: string): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof ContractError) throw new InputError(error.message, { file, cause: error });
    throw error;
  }
}

/**
 * Reads a folder written by `payesh compare`: run.json and flags.geojson, checked against the contract
 * (older ones brought up to date). Input image paths in run.json are made absolute (relative ones are
 * taken from `cwd`, where compare ran, else from the folder) so a server can find the imagery later;
 * http(s) URLs stay as they are.
 */
export async function readRunFolder(dir: string, name?: string, cwd = process.cwd()): Promise<RunFolder> {
  const abs = resolve(dir);
  const runFile = join(abs, 'run.json');
  const flagsFile = join(abs, 'flags.geojson');
  const json = await readJson(runFile);
  const collection = await readJson(flagsFile);
  const flags = checked(parseFlagCollection, collection, flagsFile);
  const record = checked(parseRunRecord, json, runFile);
  if (record.command !== 'compare')
    throw new InputError(`run.json is from payesh ${record.command}; import takes a run of payesh compare`, {
      file: runFile,
    });
  for (const input of [record.inputs.before, record.inputs.after])
    if (!isAbsolute(input.path) && !isHttpUrl(input.path)) input.path = resolve(cwd, input.path);
  return { id: name ?? basename(abs), dir: abs, runJson: record, flags };
}
