import {
  alignmentFromParts,
  InputError,
  inProcessScorer,
  methodByName,
  neuralScorer,
  type DateOrder,
  type RasterReader,
  type TileScorer,
} from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import { openNeuralModel } from '@payesh/nn';
import type { ScoreWorkerInit } from './score-messages.js';

/** A scorer of windows built from a ScoreWorkerInit, with what it opened. */
export interface InitScorer {
  /** The scorer of the dates as they are, or swapped (neural models only). */
  scorer(order: DateOrder): TileScorer;
  close(): Promise<void>;
}

/**
 * Opens the pair (and the neural model) an init names and builds its scorer: what a score worker
 * thread and a queue worker do alike, so both score a window exactly as the main thread would.
 */
export async function scorerFromInit(init: ScoreWorkerInit, signal?: AbortSignal): Promise<InitScorer> {
  const { options } = init;
  const readers: RasterReader[] = [];
  const closeReaders = async () => {
    for (const r of readers.splice(0)) await r.close().catch(() => undefined);
  };
  try {
    readers.push(await openGeoTiff(options.before, { signal, limits: options.rasterLimits }));
    readers.push(await openGeoTiff(options.after, { signal, limits: options.rasterLimits }));
    const [before, after] = readers as [RasterReader, RasterReader];
    const alignment = alignmentFromParts(init.alignment);
    if (init.neural) {
      const opened = await openNeuralModel(options.model!, 1);
      const scorers: Record<DateOrder, TileScorer> = {
        forward: neuralScorer(before, after, alignment, opened.net, init.neural, 'forward'),
        reversed: neuralScorer(before, after, alignment, opened.net, init.neural, 'reversed'),
      };
      return {
        scorer: (order) => scorers[order],
        close: async () => {
          await opened.close();
          await closeReaders();
        },
      };
    }
    const method = methodByName(options.method, { model: init.trees ?? undefined });
    const forward = inProcessScorer(before, after, alignment, method, init.levels);
    return {
      scorer: (order) => {
        if (order !== 'forward') throw new InputError(`method ${method.name} scores the dates only as they are`);
        return forward;
      },
      close: closeReaders,
    };
  } catch (error) {
    await closeReaders();
    throw error;
  }
}
