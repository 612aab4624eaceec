import ndarray from 'ndarray';
import type { RasterReader } from '../raster.js';
import type { PixelWindow } from '../window.js';
import type { Alignment } from '../detect/alignment.js';
import { readPairWindow } from '../detect/read-pair-window.js';
import type { TileScorer } from '../detect/tile-scorer.js';
import { InputError } from '../errors.js';
import type { NeuralNet } from './neural-net.js';
import { planeResampler, resamplePlane, type AxisMap, type PlaneResampler } from './resample.js';

export interface NeuralScoring {
  /** Maps the pair's stretched values (about 0..1) to the network's 0..1 input: `gain * v + offset`. */
  readonly inputScale: { readonly gain: number; readonly offset: number };
  /** Model pixels per grid pixel: grid GSD / the GSD the network runs at (1: no resampling). */
  readonly modelPxPerGridPx: number;
  /** Average the network's output over left-right and top-bottom flips of the input (4 runs instead of 1). */
  readonly flips?: boolean;
}

/** Which way round the dates reach the network: as they are, or swapped (for the kind of a change). */
export type DateOrder = 'forward' | 'reversed';

/** The tile the network sees for a window of the grid: its size in model pixels and where it starts on the grid. */
export interface ModelTile {
  readonly width: number;
  readonly height: number;
  /** Grid coordinates of the tile's top-left corner (grid pixel i spans i..i+1). */
  readonly x0: number;
  readonly y0: number;
}

const roundUp = (v: number, m: number): number => Math.ceil(v / m) * m;

/**
 * Where a tile of `size` model pixels starts along one axis of `gridSize` grid pixels: centred on the
 * window, moved inside the image where it would stick out (context comes from real pixels, never
 * padding), centred on the image when the image is smaller than the tile.
 */
function tileStart(start: number, length: number, size: number, gridSize: number, s: number): number {
  const span = size / s;
  if (span >= gridSize) return (gridSize - span) / 2;
  return Math.min(gridSize - span, Math.max(0, start + length / 2 - span / 2));
}

/**
 * The tile the network sees for `window`: the net's tile size, or the window with `margin` model
 * pixels of context on each side where that is larger; no larger than the image needs; inside the
 * image where it can be.
 */
export function modelTileFor(
  window: PixelWindow,
  net: Pick<NeuralNet, 'tileSize' | 'margin' | 'sizeMultiple'>,
  s: number,
  gridWidth: number,
  gridHeight: number,
): ModelTile {
  const side = (length: number, gridSize: number): number =>
    roundUp(
      Math.min(Math.max(net.tileSize, Math.ceil(length * s) + 2 * net.margin), Math.ceil(gridSize * s)),
      net.sizeMultiple,
    );
  const width = side(window.width, gridWidth);
  const height = side(window.height, gridHeight);
  return {
    width,
    height,
    x0: tileStart(window.col, window.width, width, gridWidth, s),
    y0: tileStart(window.row, window.height, height, gridHeight, s),
  };
}

/** Network input planes (channel-major) from a pair's bands: chosen by role, NaN filled with the band mean, scaled, resampled. */
function inputTensor(
  bands: readonly Float32Array[],
  channels: readonly number[],
  scale: NeuralScoring['inputScale'],
  resample: PlaneResampler,
  planeSize: number,
): Float32Array {
  const tensor = new Float32Array(channels.length * planeSize);
  const plane = new Float32Array(bands[0]!.length);
  const { gain, offset } = scale;
  channels.forEach((band, c) => {
    const src = bands[band]!;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      if (v === v) {
        sum += v;
        n++;
      }
    }
    const fill = n ? sum / n : 0;
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      plane[i] = gain * (v === v ? v : fill) + offset;
    }
    resample(plane, tensor.subarray(c * planeSize, (c + 1) * planeSize));
  });
  return tensor;
}

/** Flips a planar tensor of `channels` planes left-right and/or top-bottom (its own inverse). */
function flip(t: Float32Array, channels: number, w: number, h: number, lr: boolean, tb: boolean): Float32Array {
  const view = ndarray(t, [channels, h, w]);
  const flipped = view.step(1, tb ? -1 : 1, lr ? -1 : 1);
  const out = ndarray(new Float32Array(t.length), [channels, h, w]);
  for (let c = 0; c < channels; c++)
    for (let r = 0; r < h; r++) for (let col = 0; col < w; col++) out.set(c, r, col, flipped.get(c, r, col));
  return out.data as Float32Array;
}

/**
 * Scores windows of the grid with a change network: reads the pair around the window (the after image
 * on the before grid, shifted and normalised as `alignment` says: io gives networks neither),
 * resamples it to the network's ground sample distance on a tile of the network's size with at least
 * `margin` model pixels of context each side (`modelTileFor`), runs the network (the dates swapped
 * when `order` is 'reversed') and brings the probability back to the window's grid pixels. The
 * context is cropped; NaN where either date has no data.
 */
export function neuralScorer(
  before: RasterReader,
  after: RasterReader,
  alignment: Alignment,
  net: NeuralNet,
  options: NeuralScoring,
  order: DateOrder = 'forward',
): TileScorer {
  const roles = alignment.roles;
  const channels = net.bands.map((b) => {
    const band = roles[b];
    if (band === null) throw new InputError(`the model needs a ${b} band; say which with --bands r,g,b,nir`);
    return band;
  });
  const s = options.modelPxPerGridPx;
  const grid = alignment.beforeGrid;
  return async (window, signal) => {
    const tile = modelTileFor(window, net, s, grid.width, grid.height);
    const halo =
      Math.ceil(
        Math.max(
          window.col - tile.x0,
          window.row - tile.y0,
          tile.x0 + tile.width / s - window.col - window.width,
          tile.y0 + tile.height / s - window.row - window.height,
        ),
      ) + 2;
    const { pair, read } = await readPairWindow(before, after, alignment, window, halo, signal);
    // Model pixel j is centred at grid x0 + (j + 0.5) / s, i.e. at read-local index that - read.col - 0.5.
    const x: AxisMap = {
      size: tile.width,
      inputSize: pair.width,
      start: tile.x0 + 0.5 / s - read.col - 0.5,
      step: 1 / s,
    };
    const y: AxisMap = {
      size: tile.height,
      inputSize: pair.height,
      start: tile.y0 + 0.5 / s - read.row - 0.5,
      step: 1 / s,
    };
    const resample = planeResampler(pair.width, pair.height, x, y);
    const first = inputTensor(pair.before, channels, options.inputScale, resample, x.size * y.size);
    const second = inputTensor(pair.after, channels, options.inputScale, resample, x.size * y.size);
    const [b, a] = order === 'forward' ? [first, second] : [second, first];
    signal?.throwIfAborted();
    let prob = await net.infer(b, a, tile.width, tile.height);
    if (options.flips) {
      const c = channels.length;
      for (const [lr, tb] of [
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const p = await net.infer(
          flip(b, c, tile.width, tile.height, lr, tb),
          flip(a, c, tile.width, tile.height, lr, tb),
          tile.width,
          tile.height,
        );
        const back = flip(p, 1, tile.width, tile.height, lr, tb);
        for (let i = 0; i < prob.length; i++) prob[i]! += back[i]!;
      }
      for (let i = 0; i < prob.length; i++) prob[i]! /= 4;
    }
    // Grid pixel col (centre col + 0.5) sits at model coordinate (col + 0.5 - x0) * s - 0.5.
    const out = resamplePlane(
      prob,
      tile.width,
      tile.height,
      { size: window.width, inputSize: tile.width, start: (window.col + 0.5 - tile.x0) * s - 0.5, step: s },
      { size: window.height, inputSize: tile.height, start: (window.row + 0.5 - tile.y0) * s - 0.5, step: s },
    );
    const valid = pair.before[0]!;
    for (let r = 0; r < window.height; r++) {
      const src = (window.row - read.row + r) * pair.width + window.col - read.col;
      for (let c = 0; c < window.width; c++) if (valid[src + c] !== valid[src + c]) out[r * window.width + c] = NaN;
    }
    return out;
  };
}
