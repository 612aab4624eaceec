import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataError, InputError, NotFoundError } from '@payesh/core';
import { ARCHITECTURES } from './arch/architectures.js';
import { checkWeights } from './arch/architecture.js';
import { encodeModel } from './onnx/encode-model.js';
import { cardToMetadata, modelCard, type ModelCard } from './model-card.js';
import { readStateDict } from './torch/read-state-dict.js';

export interface ImportRequest {
  readonly arch: string;
  readonly weights: string;
  readonly out: string;
  /** Ground sample distance the weights were trained at; from the file name for known published weights. */
  readonly gsdM?: number;
  readonly name?: string;
  readonly licence?: string;
  readonly tileSize?: number;
  readonly margin?: number;
  readonly blend?: number;
  readonly version: string;
}

/**
 * `payesh model import`: reads published PyTorch weights, checks every key and shape against the
 * architecture, builds its ONNX graph and writes one .onnx file carrying the model card (atomically:
 * nothing is written when anything is wrong).
 */
export async function importModel(req: ImportRequest): Promise<ModelCard> {
  const arch = ARCHITECTURES.get(req.arch);
  if (!arch) throw new InputError(`unknown architecture "${req.arch}"; known: ${[...ARCHITECTURES.keys()].join(', ')}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(req.weights);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('weights file not found', { file: req.weights });
    throw new InputError(`cannot read the weights file: ${(error as Error).message}`, { file: req.weights });
  }
  const weights = checkWeights(arch, readStateDict(bytes, req.weights), req.weights);
  const known = arch.card.knownWeights.find((k) => k.match.test(basename(req.weights)));
  const gsdM = req.gsdM ?? known?.gsdM;
  if (gsdM === undefined)
    throw new InputError(
      'cannot tell the ground sample distance the weights were trained at from the file name: give --gsd <metres>',
      { file: req.weights },
    );
  let numbers = 0;
  for (const t of weights.values()) numbers += t.data.length;
  const card = modelCard(arch.card, {
    name: req.name ?? basename(req.out).replace(/\.onnx$/i, ''),
    gsdM,
    tileSize: req.tileSize ?? arch.card.tileSize,
    margin: req.margin ?? arch.card.margin,
    blend: req.blend ?? arch.card.blend,
    weights: {
      file: basename(req.weights),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      tensors: weights.size,
      numbers,
    },
    trainedOn: known?.trainedOn ?? null,
    licence: req.licence ?? arch.card.weightsLicence,
    payesh: req.version,
  });
  const { size, margin, blend } = card.tile;
  if (size % arch.card.sizeMultiple !== 0 || size <= 2 * margin || size - 2 * margin <= 2 * blend) {
    throw new InputError(
      `tile size ${size} must be a multiple of ${arch.card.sizeMultiple}, with more than twice the margin (${margin}) and twice the blend (${blend}) left inside`,
    );
  }
  let model: Uint8Array;
  try {
    model = encodeModel(arch.buildGraph(weights), cardToMetadata(card), req.version);
  } catch (error) {
    throw new DataError(`cannot build the ${arch.card.architecture} graph: ${(error as Error).message}`, {
      file: req.weights,
    });
  }
  const temp = join(dirname(req.out), `.${basename(req.out)}.${randomBytes(4).toString('hex')}.tmp`);
  if (!(await stat(dirname(req.out)).catch(() => null))?.isDirectory())
    throw new InputError(`cannot write the model: folder ${dirname(req.out)} does not exist`, { file: req.out });
  try {
    await writeFile(temp, model);
    await rename(temp, req.out);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError(`cannot write the model: ${(error as Error).message}`, { file: req.out });
  }
  return card;
}
