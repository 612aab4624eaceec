import { describe, expect, it } from 'vitest';
import { modelTileFor } from './neural-scorer.js';

const net = { tileSize: 64, margin: 32, sizeMultiple: 8 };

describe('modelTileFor', () => {
  it('adds the margin on each side, rounded up to the size multiple, centred on the window', () => {
    expect(modelTileFor({ col: 1000, row: 2000, width: 192, height: 100 }, net, 1, 5000, 5000)).toEqual({
      width: 256,
      height: 168,
      x0: 968,
      y0: 1966,
    });
  });

  it('moves the tile inside the image at its edges instead of padding', () => {
    const t = modelTileFor({ col: 0, row: 4900, width: 192, height: 100 }, net, 1, 5000, 5000);
    expect(t.x0).toBe(0);
    expect(t.y0 + t.height).toBe(5000);
  });

  it('is never larger than the image needs, centred when the image is smaller than a tile', () => {
    expect(modelTileFor({ col: 0, row: 0, width: 192, height: 192 }, net, 1, 256, 200)).toEqual({
      width: 256,
      height: 200,
      x0: 0,
      y0: 0,
    });
    const t = modelTileFor({ col: 0, row: 0, width: 100, height: 100 }, net, 1, 100, 100);
    expect(t.width).toBe(104);
    expect(t.x0).toBeCloseTo(-2, 9);
  });

  it('gives a window smaller than the tile the whole tile of context', () => {
    const big = { tileSize: 256, margin: 0, sizeMultiple: 8 };
    expect(modelTileFor({ col: 960, row: 0, width: 64, height: 256 }, big, 1, 1024, 1024)).toEqual({
      width: 256,
      height: 256,
      x0: 768,
      y0: 0,
    });
  });

  it('counts the tile in model pixels and places it in grid pixels when resampling', () => {
    // 0.3 m grid, 0.5 m model: 0.6 model pixels per grid pixel.
    const t = modelTileFor({ col: 320, row: 320, width: 320, height: 320 }, net, 0.6, 4000, 4000);
    expect(t.width).toBe(256);
    expect(t.x0).toBeCloseTo(480 - 128 / 0.6, 9);
  });
});
