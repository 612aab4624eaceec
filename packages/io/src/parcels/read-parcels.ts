import { extname } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  coordinateRange,
  DEFAULT_MAX_VERTICES,
  echoInput,
  InputError,
  repairGeometry,
  WGS84,
  type Crs,
  type GeometryLimits,
  type Parcel,
  type ParcelSet,
} from '@payesh/core';
import { parseCrs } from '../crs/registry.js';
import { readInputText } from './read-input-text.js';
import { readShapefile } from './read-shapefile.js';

export interface ParcelReadOptions {
  /** Property holding the parcel id; default `parcel_id`. */
  readonly idField?: string;
  /** Most corners one parcel may have (default DEFAULT_MAX_VERTICES); a parcel with more is left out. */
  readonly maxVertices?: number;
  readonly signal?: AbortSignal;
}

/** A parcel that was repaired or left out, and why. */
export interface ParcelProblem {
  /** 1-based position of the feature in the file. */
  readonly feature: number;
  readonly parcelId: string | null;
  readonly action: 'repaired' | 'rejected';
  readonly message: string;
}

export interface ParcelReadResult {
  readonly set: ParcelSet;
  readonly problems: readonly ParcelProblem[];
  /** Features in the file (parcels + rejected). */
  readonly features: number;
}

export interface RawFeature {
  readonly properties: Record<string, unknown> | null;
  readonly geometry: unknown;
  readonly id?: unknown;
}

/**
 * Parcels from GeoJSON (RFC 7946 longitude/latitude, or a declared `crs` member) or a Shapefile
 * (.shp with its .dbf and .prj). Each feature needs an id in `idField` (or, in GeoJSON, the feature
 * id); `district` and `address` are carried through. Geometry is repaired where that is safe, else
 * the parcel is left out; both are reported, never silent.
 */
export async function readParcels(path: string, options: ParcelReadOptions = {}): Promise<ParcelReadResult> {
  const ext = extname(path).toLowerCase();
  const { crs, features } =
    ext === '.shp' ? await readShapefile(path, options.signal) : await readGeoJson(path, options.signal);
  const limits: GeometryLimits = {
    maxVertices: options.maxVertices ?? DEFAULT_MAX_VERTICES,
    range: coordinateRange(crs),
  };
  return collectParcels(path, crs, features, options.idField ?? 'parcel_id', limits, options.signal);
}

async function readGeoJson(path: string, signal?: AbortSignal): Promise<{ crs: Crs; features: RawFeature[] }> {
  const text = await readInputText(path, 'the parcels', signal);
  let doc: { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the parcels are not valid JSON (${(error as Error).message})`, { file: path });
  }
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    throw new InputError('the parcels must be a GeoJSON FeatureCollection (or a Shapefile .shp)', { file: path });
  const declared = doc.crs?.properties?.name;
  return {
    crs: typeof declared === 'string' ? geoJsonCrs(declared, path) : WGS84,
    features: doc.features as RawFeature[],
  };
}

/** A GeoJSON 2008 `crs` name: `EPSG:32638`, `urn:ogc:def:crs:EPSG::32638` or OGC CRS84. */
function geoJsonCrs(name: string, path: string): Crs {
  if (/CRS84$/i.test(name)) return WGS84;
  const epsg = /EPSG:{1,2}(\d+)$/i.exec(name);
  try {
    return parseCrs(epsg ? `EPSG:${epsg[1]}` : name);
  } catch (error) {
    throw new InputError(
      `the parcels declare the CRS "${echoInput(name)}", which Payesh cannot use: ${(error as Error).message}`,
      { file: path },
    );
  }
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** The event loop gets a turn at least this often while parcels are checked, so a signal stops the loop. */
const TURN_MS = 50;

async function collectParcels(
  path: string,
  crs: Crs,
  features: readonly RawFeature[],
  idField: string,
  limits: GeometryLimits,
  signal?: AbortSignal,
): Promise<ParcelReadResult> {
  const parcels: Parcel[] = [];
  const problems: ParcelProblem[] = [];
  const seen = new Set<string>();
  let withId = 0;
  let turn = performance.now();
  for (const [i, feature] of features.entries()) {
    if (performance.now() - turn > TURN_MS) {
      await nextTurn(undefined, { signal });
      turn = performance.now();
    }
    const props = feature?.properties ?? {};
    const id = text(props[idField]) ?? text(feature?.id);
    const problem = (action: ParcelProblem['action'], message: string): void =>
      void problems.push({ feature: i + 1, parcelId: id, action, message });
    if (id === null) {
      problem('rejected', `no parcel id in the field "${echoInput(idField)}"`);
      continue;
    }
    withId++;
    if (seen.has(id)) {
      problem('rejected', `duplicate parcel id "${echoInput(id)}"`);
      continue;
    }
    const outcome = repairGeometry(feature.geometry, limits);
    if (!outcome.ok) {
      problem('rejected', outcome.problem);
      continue;
    }
    if (outcome.repaired) problem('repaired', outcome.repaired);
    seen.add(id);
    parcels.push({ id, district: text(props.district), address: text(props.address), geometry: outcome.geometry });
  }
  if (features.length > 0 && withId === 0) {
    const fields = echoInput(
      Object.keys(features[0]?.properties ?? {})
        .slice(0, 12)
        .join(', '),
      200,
    );
    throw new InputError(
      `no feature has the id field "${idField}" (fields: ${fields || 'none'}); choose one with --parcel-id-field`,
      { file: path },
    );
  }
  return { set: { crs, parcels }, problems, features: features.length };
}
