import { describe, expect, it } from 'vitest';
import { resamplePlane } from './resample.js';

const ramp = (w: number, h: number): Float32Array =>
  Float32Array.from({ length: w * h }, (_, i) => (i % w) + 10 * Math.floor(i / w));

describe('resamplePlane', () => {
  it('copies pixels when the step is 1 and the offset whole', () => {
    const src = ramp(8, 6);
    const out = resamplePlane(
      src,
      8,
      6,
      { size: 4, inputSize: 8, start: 2, step: 1 },
      { size: 3, inputSize: 6, start: 1, step: 1 },
    );
    expect([...out]).toEqual([12, 13, 14, 15, 22, 23, 24, 25, 32, 33, 34, 35]);
  });

  it('interpolates bilinearly when enlarging and keeps a linear ramp linear', () => {
    const out = resamplePlane(
      ramp(4, 4),
      4,
      4,
      { size: 7, inputSize: 4, start: 0, step: 0.5 },
      { size: 1, inputSize: 4, start: 1, step: 0.5 },
    );
    expect([...out].map((v) => Math.round(v * 1000) / 1000)).toEqual([10, 10.5, 11, 11.5, 12, 12.5, 13]);
  });

  it('averages what an output pixel covers when reducing (no aliasing of a checkerboard)', () => {
    const checker = Float32Array.from({ length: 16 * 16 }, (_, i) => ((i % 16) + Math.floor(i / 16)) % 2);
    // 2:1 reduction: output pixel j centred between input pixels 2j and 2j+1.
    const out = resamplePlane(
      checker,
      16,
      16,
      { size: 8, inputSize: 16, start: 0.5, step: 2 },
      { size: 8, inputSize: 16, start: 0.5, step: 2 },
    );
    // Inside (edges repeat the edge pixel, which weighs it twice).
    for (let r = 1; r < 7; r++) for (let c = 1; c < 7; c++) expect(out[r * 8 + c]).toBeCloseTo(0.5, 5);
  });

  it('repeats edge pixels beyond the input', () => {
    const out = resamplePlane(
      ramp(4, 1),
      4,
      1,
      { size: 8, inputSize: 4, start: -2, step: 1 },
      { size: 1, inputSize: 1, start: 0, step: 1 },
    );
    expect([...out]).toEqual([0, 0, 0, 1, 2, 3, 3, 3]);
  });
});
