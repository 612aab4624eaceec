import { InputError, type Crs } from '@payesh/core';

/** GeoKey directory contents: SHORT keys, DOUBLE params and ASCII params, as TIFF tags want them. */
export interface GeoKeyTags {
  readonly directory: number[];
  readonly doubles: number[];
  readonly ascii: string;
}

type Key = readonly [id: number, value: number | string | { double: number } | { doubles: number[] }];

const DATUM_BY_PROJ4: Record<string, number> = { WGS84: 6326, NAD83: 6269, NAD27: 6267 };
const ELLIPSOID_BY_PROJ4: Record<string, number> = { WGS84: 7030, GRS80: 7019, clrk66: 7008, intl: 7022, bessel: 7004 };
const ELLIPSOID_AXES: Record<string, readonly [number, number]> = {
  WGS84: [6378137, 298.257223563],
  GRS80: [6378137, 298.257222101],
  clrk66: [6378206.4, 294.9786982139006],
  intl: [6378388, 297],
  bessel: [6377397.155, 299.1528128],
};

function parseProj4(def: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of def.trim().split(/\s+/)) {
    const m = /^\+([^=]+)(?:=(.*))?$/.exec(part);
    if (m) params.set(m[1]!, m[2] ?? '');
  }
  return params;
}

function geographicKeys(p: Map<string, string>): Key[] {
  const keys: Key[] = [
    [2048, 32767],
    [2054, 9102],
  ];
  const datum = p.get('datum');
  const ellps =
    p.get('ellps') ??
    (datum === 'NAD27' ? 'clrk66' : datum === 'NAD83' ? 'GRS80' : datum === 'WGS84' ? 'WGS84' : undefined);
  keys.push([2050, datum && DATUM_BY_PROJ4[datum] ? DATUM_BY_PROJ4[datum]! : 32767]);
  if (ellps && ELLIPSOID_BY_PROJ4[ellps]) {
    const [a, rf] = ELLIPSOID_AXES[ellps]!;
    keys.push([2056, ELLIPSOID_BY_PROJ4[ellps]!], [2057, { double: a }], [2059, { double: rf }]);
  } else if (p.has('a')) {
    const a = Number(p.get('a'));
    keys.push([2056, 32767], [2057, { double: a }]);
    if (p.has('rf')) keys.push([2059, { double: Number(p.get('rf')) }]);
    else keys.push([2058, { double: p.has('b') ? Number(p.get('b')) : a }]);
  } else {
    keys.push([2056, 7030], [2057, { double: 6378137 }], [2059, { double: 298.257223563 }]);
  }
  const towgs84 = p.get('towgs84');
  if (towgs84) keys.push([2062, { doubles: towgs84.split(',').map(Number) }]);
  return keys;
}

/** ProjCoordTrans code and parameters for a proj4 projection. */
function projectionKeys(p: Map<string, string>, def: string): Key[] {
  const n = (name: string, fallback = 0): { double: number } => ({
    double: p.has(name) ? Number(p.get(name)) : fallback,
  });
  const origin: Key[] = [
    [3081, n('lat_0')],
    [3080, n('lon_0')],
    [3082, n('x_0')],
    [3083, n('y_0')],
  ];
  switch (p.get('proj')) {
    case 'utm': {
      const zone = Number(p.get('zone'));
      const south = p.has('south');
      return [
        [3075, 1],
        [3081, { double: 0 }],
        [3080, { double: zone * 6 - 183 }],
        [3092, { double: 0.9996 }],
        [3082, { double: 500000 }],
        [3083, { double: south ? 10000000 : 0 }],
      ];
    }
    case 'tmerc':
      return [[3075, 1], ...origin, [3092, n('k', Number(p.get('k_0') ?? 1))]];
    case 'merc':
      return p.has('lat_ts') ? [[3075, 7], [3078, n('lat_ts')], ...origin] : [[3075, 7], ...origin, [3092, n('k', 1)]];
    case 'lcc':
      return p.has('lat_2')
        ? [
            [3075, 8],
            [3085, n('lat_0')],
            [3084, n('lon_0')],
            [3078, n('lat_1')],
            [3079, n('lat_2')],
            [3086, n('x_0')],
            [3087, n('y_0')],
          ]
        : [[3075, 9], ...origin, [3092, n('k_0', Number(p.get('k') ?? 1))]];
    case 'laea':
      return [
        [3075, 10],
        [3089, n('lat_0')],
        [3088, n('lon_0')],
        [3082, n('x_0')],
        [3083, n('y_0')],
      ];
    case 'aea':
      return [[3075, 11], [3078, n('lat_1')], [3079, n('lat_2')], ...origin];
    case 'eqc':
      return [[3075, 17], [3078, n('lat_ts')], ...origin];
    case 'stere':
      return [[3075, 14], ...origin, [3092, n('k', Number(p.get('k_0') ?? 1))]];
    case 'sterea':
      return [[3075, 16], ...origin, [3092, n('k', Number(p.get('k_0') ?? 1))]];
    default:
      throw new InputError(
        `cannot write the CRS "${def}" into a GeoTIFF: projection "${p.get('proj')}" is not supported; use an EPSG code`,
      );
  }
}

function keysForCrs(crs: Crs): Key[] {
  const base: Key[] = [[1025, 1]];
  const geographic = crs.proj4?.includes('+proj=longlat') ?? false;
  const citation: Key[] = crs.name ? [[1026, crs.name]] : [];
  if (crs.epsg !== null) {
    return geographic || (crs.proj4 === null && crs.epsg < 5000 && crs.epsg >= 4000)
      ? [[1024, 2], ...base, ...citation, [2048, crs.epsg]]
      : [[1024, 1], ...base, ...citation, [3072, crs.epsg]];
  }
  if (crs.proj4 === null) throw new InputError('cannot write a CRS with neither an EPSG code nor a proj4 definition');
  const p = parseProj4(crs.proj4);
  if (geographic) return [[1024, 2], ...base, ...citation, ...geographicKeys(p)];
  const unit = p.get('units') === 'ft' ? 9002 : p.get('units') === 'us-ft' ? 9003 : 9001;
  return [
    [1024, 1],
    ...base,
    ...citation,
    ...geographicKeys(p),
    [3072, 32767],
    [3074, 32767],
    ...projectionKeys(p, crs.proj4),
    [3076, unit],
  ];
}

/** The GeoKeyDirectory, GeoDoubleParams and GeoAsciiParams that describe `crs`. */
export function geoKeyTagsFor(crs: Crs): GeoKeyTags {
  const keys = [...keysForCrs(crs)].sort((a, b) => a[0] - b[0]);
  const directory = [1, 1, 0, keys.length];
  const doubles: number[] = [];
  let ascii = '';
  for (const [id, value] of keys) {
    if (typeof value === 'number') directory.push(id, 0, 1, value);
    else if (typeof value === 'string') {
      directory.push(id, 34737, value.length + 1, ascii.length);
      ascii += `${value}|`;
    } else if ('double' in value) {
      directory.push(id, 34736, 1, doubles.length);
      doubles.push(value.double);
    } else {
      directory.push(id, 34736, value.doubles.length, doubles.length);
      doubles.push(...value.doubles);
    }
  }
  return { directory, doubles, ascii };
}
