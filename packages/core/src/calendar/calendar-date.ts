import { isValidJalaaliDate, toGregorian, toJalaali } from 'jalaali-js';

/** A day as an ISO 8601 string, `YYYY-MM-DD` (Gregorian): how dates cross every boundary. */
export type IsoDate = string;

export type DigitStyle = 'latin' | 'persian';

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Persian (۱۴۰۳) and Arabic-Indic (١٤٠٣) digits as Latin ones. */
export function latinDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (d) =>
    String(PERSIAN_DIGITS.includes(d) ? PERSIAN_DIGITS.indexOf(d) : ARABIC_DIGITS.indexOf(d)),
  );
}

/** Latin digits as Persian ones. */
export function persianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!);
}

/** Solar Hijri years in use (1200-1599 SH is 1821-2221 CE); Gregorian years are 1600 and later. */
const isSolarHijriYear = (year: number): boolean => year >= 1200 && year < 1600;

const pad = (v: number, n = 2): string => String(v).padStart(n, '0');

/**
 * A date in either calendar as an ISO day, or null when the text is not a date. Accepts ISO 8601
 * (`2025-03-01`, with or without a time), `2025/03/01`, the GeoTIFF DateTime form
 * (`2025:03:01 10:30:00`) and Solar Hijri (`1403/12/11`, `1403-12-11`) in Latin, Persian or
 * Arabic-Indic digits. The calendar is told by the year: 1200-1599 is Solar Hijri.
 */
export function parseCalendarDate(text: string): IsoDate | null {
  const match =
    /^\s*(\d{4})[-/.:](\d{1,2})[-/.:](\d{1,2})(?:(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(
      latinDigits(text),
    );
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (isSolarHijriYear(year)) {
    if (!isValidJalaaliDate(year, month, day)) return null;
    const g = toGregorian(year, month, day);
    return `${pad(g.gy, 4)}-${pad(g.gm)}-${pad(g.gd)}`;
  }
  if (year < 1600 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 2025-02-30 and the like
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** An ISO day in the Solar Hijri calendar as `1403/12/11` (or `۱۴۰۳/۱۲/۱۱`). */
export function formatSolarHijri(iso: IsoDate, digits: DigitStyle = 'latin'): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const j = toJalaali(y, m, d);
  const text = `${pad(j.jy, 4)}/${pad(j.jm)}/${pad(j.jd)}`;
  return digits === 'persian' ? persianDigits(text) : text;
}
