import { allocateSamples, type TypedArray } from './dtype.js';
import { halveRaster, type OverviewResampling } from './overview.js';
import type { Raster } from './raster.js';

/** A full row of tiles of one pyramid level, ready to be encoded. */
export interface TileRowStrip {
  readonly level: number;
  readonly tileRow: number;
  /** Full level width, `blockSize` rows (fewer in the last row of tiles). */
  readonly strip: Raster;
}

interface LevelState {
  readonly width: number;
  readonly height: number;
  bands: TypedArray[];
  filled: number;
  received: number;
  tileRow: number;
}

/**
 * Builds an overview pyramid from full-resolution strips streamed top to bottom, holding one row of
 * tiles per level in memory: each completed row of tiles is emitted, then halved into the next level.
 * The result equals halving the whole raster level by level (`halveRaster`), because every strip but
 * the last has an even number of rows.
 */
export class StripPyramid {
  private readonly levels: LevelState[];
  private readonly template: Raster;

  constructor(
    template: Omit<Raster, 'bands'> & { readonly bandCount: number },
    sizes: readonly { readonly width: number; readonly height: number }[],
    private readonly blockSize: number,
    private readonly resampling: OverviewResampling,
  ) {
    if (blockSize % 2 !== 0) throw new RangeError('block size must be even');
    const { bandCount, ...rest } = template;
    this.template = { ...rest, bands: [] };
    this.levels = sizes.map((s) => ({
      ...s,
      bands: this.allocate(s.width, bandCount),
      filled: 0,
      received: 0,
      tileRow: 0,
    }));
  }

  private allocate(width: number, bandCount: number): TypedArray[] {
    return Array.from({ length: bandCount }, () => allocateSamples(this.template.dtype, width * this.blockSize));
  }

  /** Adds the next rows of full resolution (full width); returns the rows of tiles this completes. */
  push(strip: Raster): TileRowStrip[] {
    const ready: TileRowStrip[] = [];
    this.append(0, strip, ready);
    return ready;
  }

  /** True once every row of every level has been emitted. */
  get done(): boolean {
    return this.levels.every((l) => l.received === l.height && l.filled === 0);
  }

  private append(levelIndex: number, strip: Raster, ready: TileRowStrip[]): void {
    const level = this.levels[levelIndex]!;
    if (strip.width !== level.width)
      throw new RangeError(`strip width ${strip.width} differs from level width ${level.width}`);
    if (level.received + strip.height > level.height) throw new RangeError('more rows than the raster has');
    let row = 0;
    while (row < strip.height) {
      const take = Math.min(this.blockSize - level.filled, strip.height - row);
      strip.bands.forEach((band, b) => {
        level.bands[b]!.set(band.subarray(row * strip.width, (row + take) * strip.width), level.filled * level.width);
      });
      level.filled += take;
      level.received += take;
      row += take;
      if (level.filled === this.blockSize || level.received === level.height) this.flush(levelIndex, ready);
    }
  }

  private flush(levelIndex: number, ready: TileRowStrip[]): void {
    const level = this.levels[levelIndex]!;
    const rows = level.filled;
    const full: Raster = {
      ...this.template,
      width: level.width,
      height: rows,
      bands: level.bands.map((b) => b.subarray(0, rows * level.width)),
    };
    ready.push({ level: levelIndex, tileRow: level.tileRow, strip: full });
    level.tileRow++;
    level.filled = 0;
    level.bands = this.allocate(level.width, level.bands.length);
    if (levelIndex + 1 < this.levels.length) this.append(levelIndex + 1, halveRaster(full, this.resampling), ready);
  }
}
