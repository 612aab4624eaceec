import { z } from 'zod';

/*
 * The two CSVs of flags, each column list defined once: flags.csv in a compare run's folder (the
 * properties of flags.geojson), and the report's CSV (a selection of flags with their review). Both are
 * written by core's csvTable (formula-looking text neutralised, a byte-order mark, CRLF).
 */

/** flags.csv: lists joined with ";", the bbox as west/south/east/north, the evidence as WKT (longitude/latitude). */
export const FLAGS_CSV_COLUMNS = [
  'rank',
  'flag_id',
  'parcel_id',
  'violation',
  'category',
  'new_built_m2',
  'removed_m2',
  'permitted_area_m2',
  'permit_ids',
  'confidence',
  'district',
  'address',
  'region_ids',
  'west',
  'south',
  'east',
  'north',
  'evidence_wkt',
] as const;
export const FlagsCsvColumnSchema = z.enum(FLAGS_CSV_COLUMNS);
export type FlagsCsvColumn = z.infer<typeof FlagsCsvColumnSchema>;

/** The report's CSV (English names, the default header: what GIS tools read); the decision's columns are the current decision's. */
export const REPORT_CSV_COLUMNS = [
  'rank',
  'flag_id',
  'parcel_id',
  'violation',
  'category',
  'status',
  'confidence',
  'new_built_m2',
  'removed_m2',
  'permitted_area_m2',
  'district',
  'address',
  'permit_ids',
  'decision',
  'legal_category',
  'note',
  'inspector',
  'decided_at',
  'west',
  'south',
  'east',
  'north',
] as const;
/** With dates 'both', the Solar Hijri day (YYYY/MM/DD, Latin digits) follows `decided_at`. */
export const REPORT_CSV_SOLAR_HIJRI_COLUMN = 'decided_at_solar_hijri';
export const ReportCsvColumnSchema = z.enum([...REPORT_CSV_COLUMNS, REPORT_CSV_SOLAR_HIJRI_COLUMN]);
export type ReportCsvColumn = z.infer<typeof ReportCsvColumnSchema>;

/** Dates in the report's CSV: ISO only (the default), or also Solar Hijri. */
export const ReportDatesSchema = z.enum(['iso', 'both']);
export type ReportDates = z.infer<typeof ReportDatesSchema>;

/** The report CSV's columns in order for its dates. */
export const reportCsvColumns = (dates: ReportDates): ReportCsvColumn[] =>
  dates === 'both'
    ? REPORT_CSV_COLUMNS.flatMap((c): ReportCsvColumn[] =>
        c === 'decided_at' ? [c, REPORT_CSV_SOLAR_HIJRI_COLUMN] : [c],
      )
    : [...REPORT_CSV_COLUMNS];
