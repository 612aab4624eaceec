import { execFileSync } from 'node:child_process';

/** True when GDAL's command-line tools are installed (CI installs gdal-bin). */
export function hasGdal(): boolean {
  try {
    execFileSync('gdalinfo', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function gdalInfoJson(path: string): Record<string, unknown> {
  return JSON.parse(execFileSync('gdalinfo', ['-json', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/:\s*(-?)NaN\b/g, ': "$1NaN"'));
}

export function gdalProj4(path: string): string {
  return execFileSync('gdalsrsinfo', ['-o', 'proj4', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().replace(/^'|'$/g, '');
}
