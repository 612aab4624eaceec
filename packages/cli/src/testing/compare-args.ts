import type { CityFiles } from '@payesh/testkit';

/** `payesh compare` of a demo city into `out`: the pair, its parcels and permits (add any options after). */
export const compareArgs = (city: CityFiles, out: string): string[] => [
  'compare',
  '--before',
  city.before,
  '--after',
  city.after,
  '--parcels',
  city.parcels,
  '--permits',
  city.permits,
  '--out',
  out,
];
