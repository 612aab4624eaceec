import { readFile } from 'node:fs/promises';
import proj4 from 'proj4';
import { open } from 'shapefile';
import { InputError, type Crs } from '@payesh/core';
import { lookupCrsName, lookupEpsg } from '../crs/registry.js';
import type { RawFeature } from './read-parcels.js';

async function sidecar(shp: string, ext: string, signal?: AbortSignal): Promise<Buffer | null> {
  for (const candidate of [shp.replace(/\.shp$/i, ext), shp.replace(/\.shp$/i, ext.toUpperCase())]) {
    try {
      return await readFile(candidate, { signal });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}

/**
 * The CRS of a .prj (WKT 1, ESRI or OGC flavour): by its EPSG authority, or its name when the
 * registry knows it (ESRI writes "WGS_1984_UTM_Zone_38N"), else the WKT itself (proj4 reads it).
 */
export function crsFromPrj(wkt: string, path: string): Crs {
  const name = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)\["([^"]*)"/i.exec(wkt)?.[1] ?? null;
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\]\s*$/i.exec(wkt.trim());
  const known = authority ? lookupEpsg(Number(authority[1])) : name ? lookupCrsName(name) : null;
  if (known) return known;
  try {
    proj4(wkt);
  } catch (error) {
    throw new InputError(`cannot understand the CRS in the .prj (${(error as Error).message})`, { file: path });
  }
  return { epsg: null, name, proj4: wkt.trim() };
}

/** Features of a Shapefile with the CRS of its .prj; the .dbf's text encoding from its .cpg (else UTF-8). */
export async function readShapefile(path: string, signal?: AbortSignal): Promise<{ crs: Crs; features: RawFeature[] }> {
  let shp: Buffer;
  try {
    shp = await readFile(path, { signal });
  } catch (error) {
    throw new InputError(
      `cannot read the parcels: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      { file: path },
    );
  }
  const [dbf, prj, cpg] = await Promise.all([
    sidecar(path, '.dbf', signal),
    sidecar(path, '.prj', signal),
    sidecar(path, '.cpg', signal),
  ]);
  if (!dbf)
    throw new InputError('the Shapefile has no .dbf beside it (its attributes, with the parcel ids)', { file: path });
  if (!prj)
    throw new InputError(
      'the Shapefile has no .prj beside it, so its CRS is unknown; add one (QGIS or ogr2ogr -a_srs writes it)',
      { file: path },
    );
  const crs = crsFromPrj(prj.toString('utf8'), path.replace(/\.shp$/i, '.prj'));
  const encoding = cpg?.toString('utf8').trim() || 'utf-8';
  const features: RawFeature[] = [];
  try {
    const source = await open(new Uint8Array(shp), new Uint8Array(dbf), { encoding });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      signal?.throwIfAborted();
      features.push({ properties: r.value.properties, geometry: r.value.geometry });
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new InputError(`the Shapefile cannot be read (${(error as Error).message})`, { file: path });
  }
  return { crs, features };
}
