/**
 * What a spreadsheet program takes for the start of a formula (OWASP, "CSV Injection"): a cell
 * that begins with one of these is run, not shown, so `=HYPERLINK(...)` in a note would reach a
 * planner's spreadsheet as a live link.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheets also skip leading spaces before a formula and read full-width signs (＝＋－＠, as
 * Persian and East Asian keyboards type them) as their ASCII forms: `  =1+1` and `＝HYPERLINK(...)` run too.
 */
const LOOKS_LIKE_FORMULA = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/**
 * One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). A string that a
 * spreadsheet would run as a formula gets a leading single quote first (OWASP), so it shows as
 * text: `'=1+2`. Only strings are neutralised: a number stays a number (-3.5 is written -3.5),
 * while the string "-3.5" (typed by someone) is written '-3.5.
 */
export function csvField(v: unknown): string {
  const raw = v === null || v === undefined ? '' : String(v);
  const s = typeof v === 'string' && (FORMULA_START.test(raw) || LOOKS_LIKE_FORMULA.test(raw)) ? `'${raw}` : raw;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF. */
export const csvRecord = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/** The byte-order mark that makes spreadsheet programs read UTF-8 (and so Persian) as it is. */
export const UTF8_BOM = '\uFEFF';

/**
 * A CSV table, every CSV file of Payesh written through it: the byte-order mark and the header record
 * (the columns' names, or `header` in their place: translated names, in the same order), then a record
 * per row, its values taken by column name, each field written by csvField (formulas neutralised).
 * `header: null` writes the records alone: the next part of a table written in parts.
 */
export function csvTable<C extends string>(
  columns: readonly C[],
  rows: Iterable<Readonly<Record<C, unknown>>>,
  header: readonly string[] | null = columns,
): string {
  if (header !== null && header.length !== columns.length)
    throw new Error(`csvTable: ${header.length} header names for ${columns.length} columns`);
  let out = header === null ? '' : UTF8_BOM + csvRecord(header);
  for (const row of rows) out += csvRecord(columns.map((c) => row[c]));
  return out;
}
