import type { DType } from '../dtype.js';

/** Which band of an image is which colour (0-based indices); null where the sensor has none. */
export interface BandRoles {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
  readonly nir: number | null;
}

/**
 * Default roles from the band count and sample type: 1 band is panchromatic (all roles on band 0),
 * 3 bands are RGB; 4 bands of 8-bit samples are red, green, blue, near-infrared (aerial RGBN
 * orthophotos such as NAIP), 4 bands of wider samples are blue, green, red, near-infrared (Sentinel-2
 * B02, B03, B04, B08 and Planet's BGRN). Files rarely say which; other counts need explicit roles.
 */
export function defaultBandRoles(bandCount: number, dtype: DType = 'uint8'): BandRoles | null {
  if (bandCount === 1) return { red: 0, green: 0, blue: 0, nir: null };
  if (bandCount === 3) return { red: 0, green: 1, blue: 2, nir: null };
  if (bandCount === 4)
    return dtype === 'uint8' ? { red: 0, green: 1, blue: 2, nir: 3 } : { red: 2, green: 1, blue: 0, nir: 3 };
  return null;
}

/** Parses "r,g,b" or "r,g,b,nir" (1-based band numbers, as GDAL users write them). */
export function parseBandRoles(text: string, bandCount: number): BandRoles {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((n) => !Number.isInteger(n) || n < 1 || n > bandCount)) {
    throw new RangeError(`band roles must be "r,g,b" or "r,g,b,nir" with band numbers 1..${bandCount}, got "${text}"`);
  }
  return {
    red: parts[0]! - 1,
    green: parts[1]! - 1,
    blue: parts[2]! - 1,
    nir: parts[3] === undefined ? null : parts[3] - 1,
  };
}
