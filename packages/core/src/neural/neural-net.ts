/** Colour roles a network's input channels take, in order. */
export type NetBand = 'red' | 'green' | 'blue' | 'nir';

/**
 * Port: a bi-temporal change network (nn runs it with onnxruntime). Inputs are planar (channel,
 * row, column) float32 tiles of the two dates with values in 0..1; the output is the probability of
 * change per pixel of the tile.
 */
export interface NeuralNet {
  /** Ground sample distance the network was trained at, in metres. */
  readonly gsdM: number;
  /** Side of the tiles it runs on, and the context cropped from each side of a tile (model pixels). */
  readonly tileSize: number;
  readonly margin: number;
  /** Tile sides must be multiples of this. */
  readonly sizeMultiple: number;
  readonly bands: readonly NetBand[];
  infer(before: Float32Array, after: Float32Array, width: number, height: number): Promise<Float32Array>;
}
