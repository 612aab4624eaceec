import { formatSolarHijri, persianDigits } from '@payesh/core';
import type { ReportLang } from './report-model.js';

/** Numbers in the report's language: Persian digits and separators in Persian. */
export const num = (v: number, lang: ReportLang, digits = 0): string => new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);

export const pct = (share: number, lang: ReportLang): string => new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** A day in both calendars, the reader's first: Solar Hijri (Gregorian) in Persian, the reverse in English. */
export function day(iso: string | null, lang: ReportLang): string {
  if (!iso) return '—';
  const sh = formatSolarHijri(iso.slice(0, 10), lang === 'fa' ? 'persian' : 'latin');
  return lang === 'fa' ? `${sh} (${persianDigits(iso.slice(0, 10))})` : `${iso.slice(0, 10)} (${sh})`;
}

/** Digits of free text (ids, codes) left as they are; HTML-escaped. */
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
