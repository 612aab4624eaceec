import ndarray, { type NdArray } from 'ndarray';

/**
 * How a 1-D axis of `size` output pixels maps onto an input axis of `inputSize` pixels: output
 * pixel j has its centre at input coordinate `start + step * j` (input pixel i centred at i).
 */
export interface AxisMap {
  readonly size: number;
  readonly inputSize: number;
  readonly start: number;
  readonly step: number;
}

interface Taps {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/**
 * Triangle-filter taps: bilinear when enlarging, widened to the output spacing when reducing (so a
 * reduction averages every input pixel it covers instead of aliasing). Edges repeat the edge pixel.
 */
function taps(map: AxisMap): Taps {
  const radius = Math.max(1, Math.abs(map.step));
  const width = Math.ceil(radius) * 2 + 1;
  const first = new Int32Array(map.size);
  const count = new Int32Array(map.size);
  const index = new Int32Array(map.size * width);
  const weight = new Float32Array(map.size * width);
  let k = 0;
  for (let j = 0; j < map.size; j++) {
    const centre = map.start + map.step * j;
    first[j] = k;
    let sum = 0;
    for (let i = Math.ceil(centre - radius); i <= Math.floor(centre + radius); i++) {
      const w = 1 - Math.abs(i - centre) / radius;
      if (w <= 0) continue;
      index[k] = Math.min(map.inputSize - 1, Math.max(0, i));
      weight[k] = w;
      sum += w;
      k++;
    }
    for (let t = first[j]!; t < k; t++) weight[t]! /= sum;
    count[j] = k - first[j]!;
  }
  return { first, count, index, weight };
}

/** Resamples along the last axis of a 2-D view into another view with as many rows. */
function resampleRows(src: NdArray<Float32Array>, dst: NdArray<Float32Array>, t: Taps): void {
  const [rows, cols] = dst.shape as [number, number];
  const [sRow, sCol] = src.stride as [number, number];
  const [dRow, dCol] = dst.stride as [number, number];
  for (let r = 0; r < rows; r++) {
    const s0 = src.offset + r * sRow;
    const d0 = dst.offset + r * dRow;
    for (let c = 0; c < cols; c++) {
      let v = 0;
      for (let k = t.first[c]!, end = k + t.count[c]!; k < end; k++)
        v += t.weight[k]! * src.data[s0 + t.index[k]! * sCol]!;
      dst.data[d0 + c * dCol] = v;
    }
  }
}

/** Resamples row-major planes of `width` x `height` (no NaN) to `x.size` x `y.size`; the filter taps are computed once. */
export type PlaneResampler = (plane: Float32Array, out?: Float32Array) => Float32Array;

/**
 * Separable resampling: columns first, then rows through transposed views of the same buffers.
 * Build it once for planes of one size and mapping (the bands of a window).
 */
export function planeResampler(width: number, height: number, x: AxisMap, y: AxisMap): PlaneResampler {
  const tx = taps({ ...x, inputSize: width });
  const ty = taps({ ...y, inputSize: height });
  const mid = ndarray(new Float32Array(height * x.size), [height, x.size]);
  return (plane, out = new Float32Array(y.size * x.size)) => {
    resampleRows(ndarray(plane, [height, width]), mid, tx);
    resampleRows(mid.transpose(1, 0), ndarray(out, [y.size, x.size]).transpose(1, 0), ty);
    return out;
  };
}

/** One plane resampled (see planeResampler). */
export function resamplePlane(
  plane: Float32Array,
  width: number,
  height: number,
  x: AxisMap,
  y: AxisMap,
): Float32Array {
  return planeResampler(width, height, x, y)(plane);
}
