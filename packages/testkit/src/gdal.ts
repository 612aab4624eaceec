import { execFileSync } from 'node:child_process';

/** GDAL's reading of a raster (gdalinfo -json; NaN nodata kept as a string). Needs gdal-bin: see `needTools`. */
export function gdalInfoJson(path: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('gdalinfo', ['-json', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(
      /:\s*(-?)NaN\b/g,
      ': "$1NaN"',
    ),
  );
}

/** GDAL's proj4 string of a raster's CRS (gdalsrsinfo). Needs gdal-bin: see `needTools`. */
export function gdalProj4(path: string): string {
  return execFileSync('gdalsrsinfo', ['-o', 'proj4', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .replace(/^'|'$/g, '');
}
