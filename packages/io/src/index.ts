export { openGeoTiff } from './geotiff/open-geotiff.js';
export type { OpenOptions } from './geotiff/open-geotiff.js';
export { crsFromEpsg, lookupEpsg, parseCrs, knownEpsgCodes } from './crs/registry.js';
export { writeCog, writeCogFromStrips } from './geotiff/write-cog.js';
export type { WriteCogOptions, StripSource } from './geotiff/write-cog.js';
export type { CogSpec } from './geotiff/cog-tags.js';
