import { describe, expect, it } from 'vitest';
import { bothCalendars, formatNumber, formatPercent, gregorian, localDigits, solarHijri } from './format.js';
import { translator } from './i18n.js';
import { en } from './messages/en.js';
import { fa } from './messages/fa.js';

describe('format', () => {
  it('writes Solar Hijri dates in both digit systems', () => {
    expect(solarHijri('2025-03-01', 'en')).toBe('1403/12/11');
    expect(solarHijri('2025-03-21', 'fa')).toBe('۱۴۰۴/۰۱/۰۱');
    expect(solarHijri('2024-07-20', 'fa')).toBe('۱۴۰۳/۰۴/۳۰');
    expect(gregorian('2024-07-20', 'fa')).toBe('۲۰۲۴-۰۷-۲۰');
    expect(bothCalendars('2025-03-01', 'fa')).toBe('\u2066۱۴۰۳/۱۲/۱۱\u2069 (\u2066۲۰۲۵-۰۳-۰۱\u2069)'); // isolated: see the bidi test in Chromium
    expect(bothCalendars('2025-03-01', 'en')).toBe('2025-03-01 (1403/12/11)');
  });

  it('writes numbers with Persian digits and separators in Persian', () => {
    expect(formatNumber(1234.5, 'fa', 1)).toBe('۱٬۲۳۴٫۵');
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatPercent(0.81, 'fa')).toMatch(/۸۱/);
    expect(localDigits('v2.5', 'fa')).toBe('v۲٫۵');
  });
});

describe('messages', () => {
  it('has every key in both languages and fills placeholders in the right digits', () => {
    expect(Object.keys(fa).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(fa))
      expect(text.match(/\{\w+\}/g) ?? [], key).toEqual((en as Record<string, string>)[key]!.match(/\{\w+\}/g) ?? []);
    expect(translator('fa')('progress', { decided: 1234, total: 4000, pending: 2766 })).toBe(
      '۱۲۳۴ از ۴۰۰۰ بررسی شده · ۲۷۶۶ در انتظار',
    );
    expect(translator('en')('m2', { n: formatNumber(1234, 'en') })).toBe('1,234 m²');
    expect(translator('fa')('m2', { n: formatNumber(1234, 'fa') })).toBe('۱٬۲۳۴ متر مربع');
  });
});
