import { encodeImage, renderChip, renderGrid, tileGrid, type LayerStyle, type TileFormat } from '@payesh/tiler';
import type { ReaderCache } from './reader-cache.js';

/** A tile or an evidence chip to render from one raster: all a worker thread needs. */
export type RenderJob =
  | {
      readonly kind: 'tile';
      readonly path: string;
      readonly style: LayerStyle;
      readonly z: number;
      readonly x: number;
      readonly y: number;
      readonly size: number;
      readonly format: TileFormat;
    }
  | {
      readonly kind: 'chip';
      readonly path: string;
      readonly style: LayerStyle;
      readonly bbox: readonly [number, number, number, number];
      readonly outline: readonly (readonly (readonly number[])[])[];
      readonly width: number;
    };

/** Renders a job: the encoded image, or null for a tile outside the data. */
export async function runRenderJob(job: RenderJob, readers: ReaderCache): Promise<Uint8Array | null> {
  if (job.kind === 'chip')
    return new Uint8Array(
      await readers.use(job.path, (reader) => renderChip(reader, job.style, job.bbox, job.outline, job.width)),
    );
  const rgba = await readers.use(job.path, (reader) =>
    renderGrid(reader, job.style, tileGrid(job.z, job.x, job.y, job.size)),
  );
  return rgba ? new Uint8Array(await encodeImage(rgba, job.size, job.size, job.format)) : null;
}
