import { formatSolarHijri } from '@payesh/core';
import { reportCsvColumns, type ReportCsvColumn, type ReportDates, type ReportLang } from '@payesh/contract';
import type { ReportFlag } from './report-model.js';
import { translator } from './report-messages.js';

/** Persian headers; the shared words come from the vocabulary (DOMAIN_LABELS through the report's messages). */
const faHeaders = (): Record<ReportCsvColumn, string> => {
  const tr = translator('fa');
  return {
    rank: 'رتبه',
    flag_id: 'شناسه مورد',
    parcel_id: tr('parcel'),
    violation: tr('violation'),
    category: 'نوع',
    status: tr('status'),
    confidence: tr('confidence'),
    new_built_m2: tr('newBuiltColumn'),
    removed_m2: tr('demolishedColumn'),
    permitted_area_m2: `${tr('permittedArea')} (متر مربع)`,
    district: tr('district'),
    address: tr('address'),
    permit_ids: tr('permits'),
    decision: tr('decision'),
    legal_category: tr('legalCategory'),
    note: tr('note'),
    inspector: 'بازرس',
    decided_at: 'تاریخ تصمیم',
    decided_at_solar_hijri: 'تاریخ تصمیم (خورشیدی)',
    west: 'غرب',
    south: 'جنوب',
    east: 'شرق',
    north: 'شمال',
  };
};

/** The header row: the contract's column names by default, Persian ones when asked; the Solar Hijri column with dates 'both'. */
export function csvHeader(lang: ReportLang, dates: ReportDates): string[] {
  const columns = reportCsvColumns(dates);
  if (lang === 'en') return columns;
  const fa = faHeaders();
  return columns.map((c) => fa[c]);
}

/**
 * One flag's values by column. Numbers and ISO dates stay machine-readable in both languages; in Persian
 * the words (violation, kind, status, decision) are the vocabulary's. Solar Hijri dates are YYYY/MM/DD in
 * Latin digits.
 */
export function csvValues(f: ReportFlag, lang: ReportLang): Record<ReportCsvColumn, unknown> {
  const tr = lang === 'fa' ? translator('fa') : null;
  const word = (prefix: string, value: string | null | undefined) =>
    value && tr ? tr(`${prefix}.${value}`) : (value ?? '');
  const d = f.decision;
  return {
    rank: f.rank,
    flag_id: f.flagKey,
    parcel_id: f.parcelId,
    violation: word('violation', f.violation),
    category: word('kind', f.category),
    status: word('status', f.status),
    confidence: f.confidence,
    new_built_m2: f.newBuiltM2,
    removed_m2: f.removedM2,
    permitted_area_m2: f.permittedAreaM2,
    district: f.district,
    address: f.address,
    permit_ids: f.permits.map((p) => p.permit_id).join(';'),
    decision: word('status', d?.outcome),
    legal_category: d?.legalCategory ?? '',
    note: d?.note ?? '',
    inspector: d?.username ?? '',
    decided_at: d?.decidedAt ?? '',
    decided_at_solar_hijri: d ? formatSolarHijri(d.decidedAt.slice(0, 10)) : '',
    west: f.bbox[0],
    south: f.bbox[1],
    east: f.bbox[2],
    north: f.bbox[3],
  };
}
