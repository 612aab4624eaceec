import { DataError } from '@payesh/core';

/**
 * Undoes TIFF predictors in place on a decoded block whose samples are in native (little-endian)
 * byte order: 2 = horizontal differencing, 3 = floating-point (byte-plane) differencing.
 * `stride` is the number of samples per pixel in the block (1 for band-separate blocks).
 */
export function undoPredictor(
  block: Uint8Array,
  predictor: number,
  rowPixels: number,
  rows: number,
  stride: number,
  bytesPerSample: number,
): void {
  if (predictor === 1) return;
  const rowBytes = rowPixels * stride * bytesPerSample;
  if (block.byteLength < rowBytes * rows)
    throw new DataError(`block is ${block.byteLength} bytes, expected ${rowBytes * rows}`);
  if (predictor === 2) {
    undoHorizontal(block, rowPixels, rows, stride, bytesPerSample);
  } else if (predictor === 3) {
    const scratch = new Uint8Array(rowBytes);
    for (let r = 0; r < rows; r++)
      undoFloatingRow(block.subarray(r * rowBytes, (r + 1) * rowBytes), scratch, stride, bytesPerSample);
  } else {
    throw new DataError(`predictor ${predictor} is not supported`, { code: 'unsupported' });
  }
}

function undoHorizontal(
  block: Uint8Array,
  rowPixels: number,
  rows: number,
  stride: number,
  bytesPerSample: number,
): void {
  const samplesPerRow = rowPixels * stride;
  const aligned = block.byteOffset % bytesPerSample === 0;
  if (!aligned) throw new DataError('misaligned block buffer');
  const view =
    bytesPerSample === 1
      ? block
      : bytesPerSample === 2
        ? new Uint16Array(block.buffer, block.byteOffset, block.byteLength >> 1)
        : bytesPerSample === 4
          ? new Uint32Array(block.buffer, block.byteOffset, block.byteLength >> 2)
          : bytesPerSample === 8
            ? new BigUint64Array(block.buffer, block.byteOffset, block.byteLength >> 3)
            : null;
  if (view === null)
    throw new DataError(`predictor 2 with ${bytesPerSample * 8}-bit samples is not supported`, { code: 'unsupported' });
  if (view instanceof BigUint64Array) {
    for (let r = 0; r < rows; r++) {
      const base = r * samplesPerRow;
      for (let i = stride; i < samplesPerRow; i++)
        view[base + i] = BigInt.asUintN(64, view[base + i]! + view[base + i - stride]!);
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * samplesPerRow;
    for (let i = stride; i < samplesPerRow; i++) view[base + i] = view[base + i]! + view[base + i - stride]!;
  }
}

function undoFloatingRow(row: Uint8Array, scratch: Uint8Array, stride: number, bytesPerSample: number): void {
  for (let i = stride; i < row.length; i++) row[i] = (row[i]! + row[i - stride]!) & 0xff;
  scratch.set(row);
  const count = row.length / bytesPerSample;
  // Byte planes are stored most significant first; samples are little-endian in memory.
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < bytesPerSample; b++)
      row[i * bytesPerSample + b] = scratch[(bytesPerSample - b - 1) * count + i]!;
  }
}
