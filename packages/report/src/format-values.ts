import { formatSolarHijri, persianDigits } from '@payesh/core';
import type { ReportLang } from '@payesh/contract';
import { fill, reportMessages } from './report-messages.js';

const numberFormat = (lang: ReportLang, options: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', options);

/** Numbers in the report's language: Persian digits and separators (٬ ٫) in Persian. Plain text. */
export const num = (v: number, lang: ReportLang, digits = 0, minDigits = digits): string =>
  numberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: minDigits }).format(v);

export const pct = (share: number, lang: ReportLang): string =>
  numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** HTML-escaped text. */
export const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * Free text of either direction inside the page's text (parcel ids such as KH-12A, permit numbers such
 * as 1402/ب/345 or P-2023-118, user names, versions): a first-strong isolate (`<bdi>`), so it keeps its own
 * order and does not reorder what is around it. Escaped.
 */
export const iso = (s: unknown): string => `<bdi>${esc(s)}</bdi>`;

/** Digits with separators that must read left to right (ISO dates, numbers): a left-to-right isolate. Takes HTML. */
export const ltr = (html: string): string => `<bdi dir="ltr">${html}</bdi>`;

/** A number isolated for running text. */
export const numHtml = (v: number, lang: ReportLang, digits = 0, minDigits = digits): string =>
  ltr(num(v, lang, digits, minDigits));

/** An area in square metres in the report's language ("12,345 m²", "۱۲٬۳۴۵ متر مربع"). HTML. */
export const area = (v: number | null, lang: ReportLang): string =>
  v === null ? '—' : fill(reportMessages(lang).m2, { n: numHtml(v, lang) });

/**
 * A day in both calendars, the reader's first: Solar Hijri (Gregorian) in Persian, the reverse in
 * English. HTML: each date is a left-to-right isolate, so 2023-05-08 in Persian digits is not turned
 * around by the right-to-left text it sits in.
 */
export function day(isoDate: string | null, lang: ReportLang): string {
  if (!isoDate) return '—';
  const gregorian = isoDate.slice(0, 10);
  const sh = formatSolarHijri(gregorian, lang === 'fa' ? 'persian' : 'latin');
  return lang === 'fa' ? `${ltr(sh)} (${ltr(persianDigits(gregorian))})` : `${ltr(gregorian)} (${ltr(sh)})`;
}
