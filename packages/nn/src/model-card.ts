import { z } from 'zod';
import type { ArchitectureCard } from './arch/architecture.js';

/** The metadata key of an ONNX file that holds Payesh's model card (JSON). */
export const CARD_KEY = 'payesh.model_card';

const cardSchema = z.object({
  format: z.literal('payesh-neural-model'),
  version: z.literal(1),
  name: z.string().min(1),
  architecture: z.string().min(1),
  description: z.string(),
  paper: z.string(),
  input: z.object({
    bands: z.array(z.enum(['red', 'green', 'blue', 'nir'])).min(1),
    scale: z.string(),
    normalisation: z.object({ mean: z.array(z.number()), std: z.array(z.number()), in_graph: z.boolean() }),
    size_multiple: z.number().int().positive(),
  }),
  gsd_m: z.number().positive(),
  tile: z.object({
    size: z.number().int().positive(),
    margin: z.number().int().nonnegative(),
    blend: z.number().int().nonnegative(),
    trained_size: z.number().int().positive(),
  }),
  threshold: z.number().min(0).max(1),
  weights: z.object({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int(),
    tensors: z.number().int(),
    numbers: z.number().int(),
  }),
  trained_on: z.string().nullable(),
  licence: z.string(),
  payesh: z.string(),
});

/** What a neural model file says about itself: enough to run it right and to cite it in run.json. */
export type ModelCard = z.infer<typeof cardSchema>;

/** The card as ONNX metadata: the JSON under CARD_KEY, and a few flat keys that model viewers show. */
export function cardToMetadata(card: ModelCard): Record<string, string> {
  return {
    [CARD_KEY]: JSON.stringify(card),
    name: card.name,
    architecture: card.architecture,
    gsd_m: String(card.gsd_m),
    licence: card.licence,
  };
}

/** The card from ONNX metadata; the reason as text when it is missing or malformed. */
export function cardFromMetadata(metadata: Readonly<Record<string, string>>): ModelCard | string {
  const text = metadata[CARD_KEY];
  if (text === undefined)
    return 'an ONNX model without a Payesh model card (import published weights with payesh model import)';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'its model card is not JSON';
  }
  const parsed = cardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `its model card is malformed: ${issue.path.join('.') || 'top level'}: ${issue.message}`;
  }
  return parsed.data;
}

export interface CardFacts {
  readonly name: string;
  readonly gsdM: number;
  readonly tileSize: number;
  readonly margin: number;
  readonly blend: number;
  readonly weights: ModelCard['weights'];
  readonly trainedOn: string | null;
  readonly licence: string;
  readonly payesh: string;
}

export function modelCard(arch: ArchitectureCard, facts: CardFacts): ModelCard {
  return {
    format: 'payesh-neural-model',
    version: 1,
    name: facts.name,
    architecture: arch.architecture,
    description: arch.description,
    paper: arch.paper,
    input: {
      bands: [...arch.inputBands],
      scale: "0..1: 8-bit samples / 255; wider samples by the before image's 2-98 % stretch",
      normalisation: { mean: [...arch.normalisation.mean], std: [...arch.normalisation.std], in_graph: true },
      size_multiple: arch.sizeMultiple,
    },
    gsd_m: facts.gsdM,
    tile: { size: facts.tileSize, margin: facts.margin, blend: facts.blend, trained_size: arch.trainedTileSize },
    threshold: arch.threshold,
    weights: facts.weights,
    trained_on: facts.trainedOn,
    licence: facts.licence,
    payesh: facts.payesh,
  };
}
