import { describe, expect, it } from 'vitest';
import { assembleJobId, runKey, windowJobId, type RunIdentity } from './run-key.js';

const base: RunIdentity = {
  command: 'compare',
  out: '/data/runs/2024',
  job: { options: { before: '/data/b.tif', after: '/data/a.tif', minAreaM2: 20, tileSize: 512 }, version: '0.1.0' },
  method: { name: 'construction', version: '0.1.0' },
  inputs: { before: 'aa', after: 'bb', model: null, parcels: 'cc', permits: 'dd' },
};

describe('runKey', () => {
  it('is the same for the same run, whatever the order of keys or undefined fields', () => {
    const reordered: RunIdentity = {
      inputs: { permits: 'dd', parcels: 'cc', model: null, after: 'bb', before: 'aa' },
      method: { version: '0.1.0', name: 'construction' },
      job: {
        version: '0.1.0',
        options: { tileSize: 512, minAreaM2: 20, after: '/data/a.tif', before: '/data/b.tif', model: undefined },
      },
      out: '/data/runs/2024',
      command: 'compare',
    };
    expect(runKey(reordered)).toBe(runKey(base));
    expect(runKey(base)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('changes with an input, the method, the model, the options or the output', () => {
    const keys = [
      base,
      { ...base, inputs: { ...base.inputs, after: 'bc' } },
      { ...base, inputs: { ...base.inputs, permits: 'de' } },
      { ...base, inputs: { ...base.inputs, model: 'ee' } },
      { ...base, method: { name: 'cva', version: '0.1.0' } },
      { ...base, method: { name: 'construction', version: '0.2.0' } },
      { ...base, job: { ...(base.job as object), options: { tileSize: 256 } } },
      { ...base, out: '/data/runs/2025' },
      { ...base, command: 'detect' as const },
    ].map(runKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names jobs after the run, so a run submitted again has the same job ids', () => {
    const run = runKey(base);
    expect(windowJobId(run, 3)).toBe(`${run}-w3`);
    expect(assembleJobId(run)).toBe(`${run}-assemble`);
    expect(windowJobId(run, 3)).not.toContain(':');
  });
});
