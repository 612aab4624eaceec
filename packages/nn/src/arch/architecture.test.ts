import { describe, expect, it } from 'vitest';
import { DataError } from '@payesh/core';
import { checkWeights } from './architecture.js';
import { tinycd } from './tinycd.js';

const complete = () =>
  new Map(
    [...tinycd.expectedShapes()].map(([k, shape]) => [
      k,
      { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) },
    ]),
  );

describe('checkWeights', () => {
  it('accepts exactly the expected keys and shapes: 279 tensors for TinyCD', () => {
    expect(tinycd.expectedShapes().size).toBe(279);
    expect(checkWeights(tinycd, complete(), 'w.pth').size).toBe(279);
  });

  it('accepts the renamed last mixing block of the WHU weights under its canonical name', () => {
    const sd = complete();
    for (const k of [...sd.keys()].filter((k) => k.startsWith('_mixing_mask.2._convmix.'))) {
      sd.set(k.replace('_mixing_mask.2._convmix.', '_mixing_mask.2._mixing._convmix.'), sd.get(k)!);
      sd.delete(k);
    }
    expect(checkWeights(tinycd, sd, 'w.pth').has('_mixing_mask.2._convmix.0.weight')).toBe(true);
  });

  it('names a wrong shape and a missing key', () => {
    const wrong = complete();
    wrong.set('_up.1._convolution.3.weight', { shape: [64, 32, 1, 1], data: new Float32Array(64 * 32) });
    expect(() => checkWeights(tinycd, wrong, 'w.pth')).toThrow(
      /key "_up\.1\._convolution\.3\.weight" has shape \[64, 32, 1, 1\], tinycd needs \[64, 64, 1, 1\]/,
    );
    const missing = complete();
    missing.delete('_classify._linears.0.0.bias');
    expect(() => checkWeights(tinycd, missing, 'w.pth')).toThrow(DataError);
    expect(() => checkWeights(tinycd, missing, 'w.pth')).toThrow(
      /1 weights missing .* "_classify\._linears\.0\.0\.bias"/,
    );
  });
});
