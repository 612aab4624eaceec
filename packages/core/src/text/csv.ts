/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF. */
export const csvRecord = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/** The byte-order mark that makes spreadsheet programs read UTF-8 (and so Persian) as it is. */
export const UTF8_BOM = '\uFEFF';
