/**
 * io's test helpers that other packages' tests use, by name as `@payesh/io/testing` (they build on
 * io's own TIFF encoder, so they live here rather than in @payesh/testkit).
 */
export { craftedSpec, craftTiledTiff } from './testing/craft-tiff.js';
export { readWholeRaster } from './testing/read-whole.js';
