export { openGeoTiff } from './geotiff/open-geotiff.js';
export type { OpenOptions } from './geotiff/open-geotiff.js';
export { crsFromEpsg, lookupEpsg, parseCrs, knownEpsgCodes } from './crs/registry.js';
export { writeCog } from './geotiff/write-cog.js';
export type { WriteCogOptions } from './geotiff/write-cog.js';
