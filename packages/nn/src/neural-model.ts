import { open, readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { DataError, InputError, NotFoundError, type NeuralNet, type ScoringMethod } from '@payesh/core';
import { decodeMetadata } from './onnx/encode-model.js';
import { cardFromMetadata, type ModelCard } from './model-card.js';

/** A neural model ready to run: its card, the network behind core's port, and the method it makes. */
export interface NeuralModel {
  readonly card: ModelCard;
  readonly net: NeuralNet;
  close(): Promise<void>;
}

/**
 * Whether a model file is an ONNX network rather than the boosted trees' JSON (told apart by content:
 * JSON starts with `{`, a protobuf model with a field tag).
 */
export async function isOnnxModelFile(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('model file not found', { file: path });
    throw new InputError(`cannot read the model file: ${(error as Error).message}`, { file: path });
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
    const head = buffer.subarray(0, bytesRead).toString('latin1').trimStart();
    return bytesRead > 0 && !head.startsWith('{');
  } finally {
    await handle.close();
  }
}

/** Reads the model card of an ONNX model file made by `payesh model import`. */
export async function readModelCard(path: string): Promise<ModelCard> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new NotFoundError('model file not found', { file: path });
    throw new InputError(`cannot read the model file: ${error.message}`, { file: path });
  });
  const decoded = decodeMetadata(bytes);
  if (decoded === null) {
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    throw new DataError(
      zip
        ? 'this looks like PyTorch weights: import them first (payesh model import --arch ... --weights ... --out model.onnx)'
        : 'not a model file: neither Payesh boosted trees (JSON) nor an ONNX model',
      { file: path },
    );
  }
  if (decoded.intact === false)
    throw new DataError(
      'the model file is damaged: its network does not match the checksum written with it (import the weights again)',
      { file: path },
    );
  const card = cardFromMetadata(decoded.metadata);
  if (typeof card === 'string') throw new DataError(`not a Payesh neural model: ${card}`, { file: path });
  return card;
}

/** Opens a neural model for inference on `threads` CPU threads. */
export async function openNeuralModel(path: string, threads: number): Promise<NeuralModel> {
  const card = await readModelCard(path);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
  } catch (error) {
    throw new DataError(`onnxruntime cannot load the model: ${(error as Error).message.split('\n')[0]}`, {
      file: path,
    });
  }
  const channels = card.input.bands.length;
  const net: NeuralNet = {
    gsdM: card.gsd_m,
    tileSize: card.tile.size,
    margin: card.tile.margin,
    sizeMultiple: card.input.size_multiple,
    bands: card.input.bands,
    async infer(before, after, width, height) {
      const dims = [1, channels, height, width];
      const result = await session.run({
        before: new ort.Tensor('float32', before, dims),
        after: new ort.Tensor('float32', after, dims),
      });
      return result.probability!.data as Float32Array;
    },
  };
  return { card, net, close: () => session.release() };
}

/** The detection method a neural model makes: scores are its probabilities, the mask at its card's threshold. */
export function neuralMethod(card: ModelCard): ScoringMethod {
  return {
    name: 'neural',
    description: `${card.architecture} network "${card.name}" run with onnxruntime on CPU`,
    threshold: card.threshold,
  };
}
