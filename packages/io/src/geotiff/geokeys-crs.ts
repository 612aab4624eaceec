import type { Crs } from '@payesh/core';
import { lookupEpsg } from '../crs/registry.js';

type GeoKeys = Readonly<Record<string, unknown>>;

const USER_DEFINED = 32767;
const MODEL_PROJECTED = 1;
const MODEL_GEOGRAPHIC = 2;

/** Ellipsoids by EPSG code: [semi-major axis, inverse flattening]. */
const ELLIPSOIDS: Record<number, readonly [number, number]> = {
  7030: [6378137, 298.257223563], // WGS 84
  7019: [6378137, 298.257222101], // GRS 1980
  7008: [6378206.4, 294.9786982139006], // Clarke 1866
  7022: [6378388, 297], // International 1924
  7004: [6377397.155, 299.1528128], // Bessel 1841
  7043: [6378135, 298.26], // WGS 72
};

/** Geodetic datums by EPSG code: proj4 datum parameters. */
const DATUMS: Record<number, string> = {
  6326: '+datum=WGS84',
  6269: '+datum=NAD83',
  6267: '+datum=NAD27',
  6258: '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0',
  6167: '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0',
  6230: '+ellps=intl',
  6154: '+ellps=intl',
};

/** Geographic CRS codes to their datum codes, for projected CRSs built on them. */
const GEOG_TO_DATUM: Record<number, number> = {
  4326: 6326,
  4269: 6269,
  4267: 6267,
  4258: 6258,
  4167: 6167,
  4230: 6230,
  4154: 6154,
};

const LINEAR_UNITS: Record<number, string> = { 9001: '+units=m', 9002: '+units=ft', 9003: '+units=us-ft' };

function num(keys: GeoKeys, name: string): number | undefined {
  const v = keys[name];
  if (typeof v === 'number') return v;
  if (ArrayBuffer.isView(v) && (v as unknown as ArrayLike<number>).length > 0)
    return (v as unknown as ArrayLike<number>)[0];
  return undefined;
}

function str(keys: GeoKeys, name: string): string | null {
  const v = keys[name];
  return typeof v === 'string' && v.length > 0 ? v.replace(/\|+$/, '') : null;
}

function isEpsgCode(code: number | undefined): code is number {
  return code !== undefined && code > 0 && code < USER_DEFINED;
}

/** The datum/ellipsoid part of a proj4 definition from the geographic keys. */
function datumTerms(keys: GeoKeys): string | null {
  const geog = num(keys, 'GeographicTypeGeoKey');
  const datum = num(keys, 'GeogGeodeticDatumGeoKey') ?? (isEpsgCode(geog) ? GEOG_TO_DATUM[geog] : undefined);
  if (datum !== undefined && DATUMS[datum]) return DATUMS[datum]!;
  const ellipsoidCode = num(keys, 'GeogEllipsoidGeoKey');
  const known = ellipsoidCode !== undefined ? ELLIPSOIDS[ellipsoidCode] : undefined;
  const a = num(keys, 'GeogSemiMajorAxisGeoKey') ?? known?.[0];
  if (a === undefined) return null;
  const invF = num(keys, 'GeogInvFlatteningGeoKey') ?? known?.[1];
  const b = num(keys, 'GeogSemiMinorAxisGeoKey');
  const towgs84 = keys['GeogTOWGS84GeoKey'];
  const shift = ArrayBuffer.isView(towgs84)
    ? ` +towgs84=${Array.from(towgs84 as unknown as ArrayLike<number>).join(',')}`
    : '';
  if (invF !== undefined && invF !== 0) return `+a=${a} +rf=${invF}${shift}`;
  if (b !== undefined) return `+a=${a} +b=${b}${shift}`;
  return `+a=${a} +b=${a}${shift}`;
}

/** proj4 projection terms for a user-defined ProjCoordTransGeoKey. */
function projectionTerms(keys: GeoKeys): string | null {
  const p = (name: string, fallback = 0): number => num(keys, name) ?? fallback;
  const lat0 =
    num(keys, 'ProjNatOriginLatGeoKey') ??
    num(keys, 'ProjFalseOriginLatGeoKey') ??
    num(keys, 'ProjCenterLatGeoKey') ??
    0;
  const lon0 =
    num(keys, 'ProjNatOriginLongGeoKey') ??
    num(keys, 'ProjFalseOriginLongGeoKey') ??
    num(keys, 'ProjCenterLongGeoKey') ??
    0;
  const x0 =
    num(keys, 'ProjFalseEastingGeoKey') ??
    num(keys, 'ProjFalseOriginEastingGeoKey') ??
    num(keys, 'ProjCenterEastingGeoKey') ??
    0;
  const y0 =
    num(keys, 'ProjFalseNorthingGeoKey') ??
    num(keys, 'ProjFalseOriginNorthingGeoKey') ??
    num(keys, 'ProjCenterNorthingGeoKey') ??
    0;
  const k = num(keys, 'ProjScaleAtNatOriginGeoKey') ?? num(keys, 'ProjScaleAtCenterGeoKey') ?? 1;
  const xy = `+x_0=${x0} +y_0=${y0}`;
  const projection = num(keys, 'ProjectionGeoKey');
  if (projection !== undefined && projection >= 16001 && projection <= 16060)
    return `+proj=utm +zone=${projection - 16000}`;
  if (projection !== undefined && projection >= 16101 && projection <= 16160)
    return `+proj=utm +zone=${projection - 16100} +south`;
  switch (num(keys, 'ProjCoordTransGeoKey')) {
    case 1: // Transverse Mercator
      return `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${k} ${xy}`;
    case 7: // Mercator
      return num(keys, 'ProjStdParallel1GeoKey') !== undefined
        ? `+proj=merc +lat_ts=${p('ProjStdParallel1GeoKey')} +lon_0=${lon0} ${xy}`
        : `+proj=merc +lon_0=${lon0} +k=${k} ${xy}`;
    case 8: // Lambert Conformal Conic 2SP
      return `+proj=lcc +lat_0=${lat0} +lon_0=${lon0} +lat_1=${p('ProjStdParallel1GeoKey')} +lat_2=${p('ProjStdParallel2GeoKey')} ${xy}`;
    case 9: // Lambert Conformal Conic 1SP
      return `+proj=lcc +lat_1=${lat0} +lat_0=${lat0} +lon_0=${lon0} +k_0=${k} ${xy}`;
    case 10: // Lambert Azimuthal Equal Area
      return `+proj=laea +lat_0=${lat0} +lon_0=${lon0} ${xy}`;
    case 11: // Albers Equal Area
      return `+proj=aea +lat_0=${lat0} +lon_0=${lon0} +lat_1=${p('ProjStdParallel1GeoKey')} +lat_2=${p('ProjStdParallel2GeoKey')} ${xy}`;
    case 12: // Azimuthal Equidistant
      return `+proj=aeqd +lat_0=${lat0} +lon_0=${lon0} ${xy}`;
    case 14: // Stereographic
      return `+proj=stere +lat_0=${lat0} +lon_0=${lon0} +k=${k} ${xy}`;
    case 15: // Polar Stereographic
      return `+proj=stere +lat_0=${lat0 >= 0 ? 90 : -90} +lat_ts=${lat0} +lon_0=${num(keys, 'ProjStraightVertPoleLongGeoKey') ?? lon0} +k=${k} ${xy}`;
    case 16: // Oblique Stereographic
      return `+proj=sterea +lat_0=${lat0} +lon_0=${lon0} +k=${k} ${xy}`;
    case 17: // Equirectangular
      return `+proj=eqc +lat_ts=${p('ProjStdParallel1GeoKey', lat0)} +lat_0=0 +lon_0=${lon0} ${xy}`;
    case 20: // Miller cylindrical
      return `+proj=mill +lat_0=${lat0} +lon_0=${lon0} ${xy}`;
    case 21: // Orthographic
      return `+proj=ortho +lat_0=${lat0} +lon_0=${lon0} ${xy}`;
    case 24: // Sinusoidal
      return `+proj=sinu +lon_0=${lon0} ${xy}`;
    default:
      return null;
  }
}

/** A short name from the citation keys ("WGS 84 / UTM zone 38N", "unnamed"). */
function citationName(keys: GeoKeys): string | null {
  const cit = str(keys, 'PCSCitationGeoKey') ?? str(keys, 'GTCitationGeoKey') ?? str(keys, 'GeogCitationGeoKey');
  if (cit === null) return null;
  const esri = /PROJCS\["([^"]+)"/.exec(cit) ?? /GEOGCS\["([^"]+)"/.exec(cit);
  if (esri) return esri[1]!;
  const named = /^(?:ESRI PE String = )?(.*)$/.exec(cit);
  return named ? named[1]!.split('|')[0]!.trim() || null : null;
}

/**
 * The CRS a GeoTIFF's geokeys describe: the EPSG code when they name one (with its proj4 definition
 * when the offline registry has it), else a proj4 definition built from the user-defined keys.
 * Null when the file has no geokeys or describes no usable CRS.
 */
export function crsFromGeoKeys(keys: GeoKeys | null): Crs | null {
  if (keys === null) return null;
  const model = num(keys, 'GTModelTypeGeoKey');
  const name = citationName(keys);
  if (model === MODEL_PROJECTED || (model === undefined && num(keys, 'ProjectedCSTypeGeoKey') !== undefined)) {
    const pcs = num(keys, 'ProjectedCSTypeGeoKey');
    if (isEpsgCode(pcs)) return lookupEpsg(pcs) ?? { epsg: pcs, name, proj4: null };
    const proj = projectionTerms(keys);
    const datum = datumTerms(keys) ?? '+datum=WGS84';
    if (proj === null) return name === null ? null : { epsg: null, name, proj4: null };
    const units = LINEAR_UNITS[num(keys, 'ProjLinearUnitsGeoKey') ?? 9001] ?? '+units=m';
    return { epsg: null, name, proj4: `${proj} ${datum} ${units} +no_defs` };
  }
  if (model === MODEL_GEOGRAPHIC) {
    const gcs = num(keys, 'GeographicTypeGeoKey');
    if (isEpsgCode(gcs)) return lookupEpsg(gcs) ?? { epsg: gcs, name, proj4: null };
    const datum = datumTerms(keys);
    return { epsg: null, name, proj4: `+proj=longlat ${datum ?? '+datum=WGS84'} +no_defs` };
  }
  return null;
}
