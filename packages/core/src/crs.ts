/**
 * A coordinate reference system as Payesh carries it: the EPSG code when one is known, and a proj4
 * definition that proj4js can use (null when the CRS could not be expressed, e.g. an EPSG code
 * outside the offline registry).
 */
export interface Crs {
  readonly epsg: number | null;
  readonly proj4: string | null;
  /** A human name when the file or the registry gives one ("WGS 84 / UTM zone 38N"). */
  readonly name: string | null;
}
