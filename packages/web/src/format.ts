import type { Lang } from './i18n.js';

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';

/** Latin digits as the language writes them (Persian digits in fa), also the decimal point. */
export function localDigits(text: string, lang: Lang): string {
  if (lang !== 'fa') return text;
  return text.replace(/\d/g, (d) => PERSIAN[Number(d)]!).replace(/(\d|[۰-۹])\.(?=[۰-۹])/g, '$1٫');
}

/** A number with `digits` decimals and grouping, in the language's digits. */
export function formatNumber(value: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

/** 0..1 as a percentage. */
export const formatPercent = (share: number, lang: Lang): string =>
  new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );

const day = (iso: string): Date => new Date(`${iso.slice(0, 10)}T12:00:00Z`);

/** An ISO day in the Solar Hijri calendar, 1403/12/11, in the language's digits. */
export function solarHijri(iso: string, lang: Lang): string {
  const parts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  }).formatToParts(day(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)!.value;
  return localDigits(`${get('year')}/${get('month')}/${get('day')}`, lang);
}

/** An ISO day as 2025-03-01, in the language's digits. */
export const gregorian = (iso: string, lang: Lang): string => localDigits(iso.slice(0, 10), lang);

/**
 * Text of unknown direction (a parcel id with Latin letters, a user name) kept whole inside text of the
 * other direction: Unicode's first-strong isolate. Without it "KH-12 A" or a name can swap places with
 * the Persian words around it.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/**
 * Left-to-right text (dates, codes) kept whole inside right-to-left text. In Persian text, digits after
 * Arabic letters are "Arabic numbers" for the bidi algorithm, and a hyphen does not join them: without
 * the isolate 2023-05-08 shows as ۰۸-۰۵-۲۰۲۳.
 */
export const ltr = (text: string): string => `\u2066${text}\u2069`;

/** Both calendars, the reader's first: "1403/12/11 (2025-03-01)" in Persian, the reverse in English; each date isolated. */
export const bothCalendars = (iso: string, lang: Lang): string =>
  lang === 'fa'
    ? `${ltr(solarHijri(iso, lang))} (${ltr(gregorian(iso, lang))})`
    : `${gregorian(iso, lang)} (${solarHijri(iso, lang)})`;

/** A timestamp (decision time) as a short local date and time. */
export function formatTimestamp(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Tehran',
  }).format(new Date(iso));
}
