import { DataError } from '@payesh/core';
import type { Graph } from '../onnx/graph.js';
import type { StateDict } from '../torch/read-state-dict.js';

/** What a network expects of its input and how its output reads: the part of the model card an architecture fixes. */
export interface ArchitectureCard {
  readonly architecture: string;
  readonly description: string;
  readonly paper: string;
  /** Colour roles of the input channels, in order. */
  readonly inputBands: readonly ('red' | 'green' | 'blue' | 'nir')[];
  /** Input values are scaled to 0..1 (8-bit / 255) before the graph; the graph normalises with these. */
  readonly normalisation: { readonly mean: readonly number[]; readonly std: readonly number[] };
  /** Input sides must be multiples of this. */
  readonly sizeMultiple: number;
  /** The side the network was trained on. */
  readonly trainedTileSize: number;
  readonly threshold: number;
  /**
   * Inference tile side, the margin of context cropped from each tile and the overlap across which
   * neighbouring tiles are blended, in model pixels (chosen by measurement: docs/benchmarks.md).
   */
  readonly tileSize: number;
  readonly margin: number;
  readonly blend: number;
  /** Published weights recognised by file name: what they were trained on, at which ground sample distance. */
  readonly knownWeights: readonly { readonly match: RegExp; readonly trainedOn: string; readonly gsdM: number }[];
  /** The licence of the published weights, as their authors state it. */
  readonly weightsLicence: string;
}

/**
 * A published change-detection network: how its weights are named and shaped, and how to build its
 * ONNX graph from them. A new architecture is one new file implementing this, listed in architectures.ts.
 */
export interface Architecture {
  readonly card: ArchitectureCard;
  /** Every key of the state dict and its shape, under the names `canonicalKey` gives. */
  expectedShapes(): ReadonlyMap<string, readonly number[]>;
  /** Maps the spellings published weights use to one name (e.g. renamed sub-modules). */
  canonicalKey(key: string): string;
  /** The graph: inputs `before` and `after` (N x C x H x W, 0..1), output `probability` (N x 1 x H x W). */
  buildGraph(weights: StateDict): Graph;
}

/**
 * The state dict under canonical names, after checking it holds exactly the expected keys with the
 * expected shapes (the first problem is reported, naming the key).
 */
export function checkWeights(arch: Architecture, weights: StateDict, file: string): StateDict {
  const expected = arch.expectedShapes();
  const out = new Map<string, StateDict extends ReadonlyMap<string, infer T> ? T : never>();
  for (const [key, tensor] of weights) {
    const name = arch.canonicalKey(key);
    const shape = expected.get(name);
    if (!shape)
      throw new DataError(
        `unknown key "${key}" for architecture ${arch.card.architecture} (wrong --arch or not its weights?)`,
        { file },
      );
    if (shape.length !== tensor.shape.length || shape.some((d, i) => d !== tensor.shape[i])) {
      throw new DataError(
        `key "${key}" has shape [${tensor.shape.join(', ')}], ${arch.card.architecture} needs [${shape.join(', ')}]`,
        { file },
      );
    }
    out.set(name, tensor);
  }
  const missing = [...expected.keys()].filter((k) => !out.has(k));
  if (missing.length)
    throw new DataError(`${missing.length} weights missing for ${arch.card.architecture}, first "${missing[0]}"`, {
      file,
    });
  return out;
}
