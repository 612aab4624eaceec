/** A rectangle of pixels: top-left (col, row) and size. */
export interface PixelWindow {
  readonly col: number;
  readonly row: number;
  readonly width: number;
  readonly height: number;
}

export function fullWindow(width: number, height: number): PixelWindow {
  return { col: 0, row: 0, width, height };
}

/** The part of `window` inside a width x height grid; null when they do not overlap. */
export function clipWindow(window: PixelWindow, width: number, height: number): PixelWindow | null {
  const col0 = Math.max(0, window.col);
  const row0 = Math.max(0, window.row);
  const col1 = Math.min(width, window.col + window.width);
  const row1 = Math.min(height, window.row + window.height);
  if (col1 <= col0 || row1 <= row0) return null;
  return { col: col0, row: row0, width: col1 - col0, height: row1 - row0 };
}

/**
 * Splits a width x height grid into windows of at most `size` x `size`, row-major. These are the
 * units of work for window-by-window processing (and, later, for jobs on many machines).
 */
export function tileWindows(width: number, height: number, size: number): PixelWindow[] {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`window size must be a positive integer, got ${size}`);
  const windows: PixelWindow[] = [];
  for (let row = 0; row < height; row += size) {
    for (let col = 0; col < width; col += size) {
      windows.push({ col, row, width: Math.min(size, width - col), height: Math.min(size, height - row) });
    }
  }
  return windows;
}

export function windowPixelCount(window: PixelWindow): number {
  return window.width * window.height;
}
