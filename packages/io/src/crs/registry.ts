import { InputError, NotFoundError, type Crs } from '@payesh/core';
import { EPSG_DEFINITIONS } from './epsg-definitions.js';

/** The CRS of an EPSG code from the offline registry, or null when the registry lacks it. */
export function lookupEpsg(code: number): Crs | null {
  const def = EPSG_DEFINITIONS.get(code);
  return def ? { epsg: code, name: def[0], proj4: def[1] } : null;
}

/** Like lookupEpsg, but an unknown code is an error that says what to do instead. */
export function crsFromEpsg(code: number): Crs {
  const crs = lookupEpsg(code);
  if (crs === null) {
    throw new NotFoundError(
      `EPSG:${code} is not in Payesh's offline CRS registry; pass the CRS as a proj4 string instead ` +
        `(e.g. "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs"; gdalsrsinfo -o proj4 EPSG:${code} prints it)`,
    );
  }
  return crs;
}

/** Every EPSG code the registry knows, ascending. */
export function knownEpsgCodes(): number[] {
  return [...EPSG_DEFINITIONS.keys()].sort((a, b) => a - b);
}

/**
 * A CRS as a user writes it: "EPSG:32638" (or just "32638"), or a proj4 definition
 * ("+proj=utm +zone=38 ...").
 */
export function parseCrs(text: string): Crs {
  const t = text.trim();
  const epsg = /^(?:epsg:)?(\d{4,6})$/i.exec(t);
  if (epsg) return crsFromEpsg(Number(epsg[1]));
  if (t.startsWith('+proj=') || t.includes(' +proj=')) return { epsg: null, name: null, proj4: t };
  throw new InputError(
    `cannot understand the CRS "${text}": give an EPSG code (EPSG:32638) or a proj4 string (+proj=...)`,
  );
}

const normaliseName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/_19(\d\d)(?=_|$)/g, '$1')
    .replace(/[^a-z0-9]/g, '');

/** The registry CRS whose name matches an ESRI-style name ("WGS_1984_UTM_Zone_38N" = "WGS 84 / UTM zone 38N"). */
export function lookupCrsName(name: string): Crs | null {
  const wanted = normaliseName(name);
  for (const [code, [registryName]] of EPSG_DEFINITIONS)
    if (normaliseName(registryName) === wanted) return lookupEpsg(code);
  return null;
}
