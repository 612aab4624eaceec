import { describe, expect, it } from 'vitest';
import { defaultBandRoles, parseBandRoles } from './band-roles.js';

describe('band roles', () => {
  it('defaults by band count and sample type', () => {
    expect(defaultBandRoles(3)).toEqual({ red: 0, green: 1, blue: 2, nir: null });
    expect(defaultBandRoles(4, 'uint8')).toEqual({ red: 0, green: 1, blue: 2, nir: 3 });
    expect(defaultBandRoles(4, 'uint16')).toEqual({ red: 2, green: 1, blue: 0, nir: 3 });
    expect(defaultBandRoles(1)).toEqual({ red: 0, green: 0, blue: 0, nir: null });
    expect(defaultBandRoles(6)).toBeNull();
  });
  it('parses 1-based r,g,b[,nir] and refuses bands the image lacks', () => {
    expect(parseBandRoles('3,2,1,4', 4)).toEqual({ red: 2, green: 1, blue: 0, nir: 3 });
    expect(() => parseBandRoles('1,2', 4)).toThrow(/r,g,b/);
    expect(() => parseBandRoles('1,2,5', 4)).toThrow(/1\.\.4/);
  });
});
