import { describe, expect, it } from 'vitest';
import { formatSolarHijri, latinDigits, parseCalendarDate, persianDigits } from './calendar-date.js';

describe('parseCalendarDate', () => {
  it('reads ISO days, with or without a time, and slashes', () => {
    expect(parseCalendarDate('2025-03-01')).toBe('2025-03-01');
    expect(parseCalendarDate('2025-03-01T10:30:00Z')).toBe('2025-03-01');
    expect(parseCalendarDate('2025/3/1')).toBe('2025-03-01');
  });

  it('reads the GeoTIFF DateTime form', () => {
    expect(parseCalendarDate('2024:07:15 09:12:44')).toBe('2024-07-15');
  });

  it('converts Solar Hijri in Latin, Persian and Arabic-Indic digits', () => {
    // 11 Esfand 1403 = 1 March 2025; 1 Farvardin 1404 = 21 March 2025 (Nowruz).
    expect(parseCalendarDate('1403/12/11')).toBe('2025-03-01');
    expect(parseCalendarDate('۱۴۰۳/۱۲/۱۱')).toBe('2025-03-01');
    expect(parseCalendarDate('١٤٠٣-١٢-١١')).toBe('2025-03-01');
    expect(parseCalendarDate('1404/01/01')).toBe('2025-03-21');
  });

  it('knows leap years in both calendars', () => {
    expect(parseCalendarDate('1403/12/30')).toBe('2025-03-20'); // 1403 is a leap year
    expect(parseCalendarDate('1404/12/30')).toBeNull();
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expect(parseCalendarDate('2025-02-29')).toBeNull();
  });

  it('refuses what is not a date', () => {
    for (const text of ['', 'yesterday', '1403/13/01', '2025-00-10', '03/01/2025', '1100/01/01', '2025-03-01x'])
      expect(parseCalendarDate(text), text).toBeNull();
  });
});

describe('formatSolarHijri', () => {
  it('inverts parsing', () => {
    for (const iso of ['2025-03-01', '2025-03-20', '2025-03-21', '1999-12-31', '2024-02-29'])
      expect(parseCalendarDate(formatSolarHijri(iso)), iso).toBe(iso);
  });

  it('writes Persian digits on request', () => {
    expect(formatSolarHijri('2025-03-01', 'persian')).toBe('۱۴۰۳/۱۲/۱۱');
    expect(latinDigits(persianDigits('0123456789'))).toBe('0123456789');
  });
});
