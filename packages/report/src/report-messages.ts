import { DOMAIN_LABELS } from '@payesh/core/labels';
import type { ReportLang } from '@payesh/contract';

/**
 * The report's own words. The shared vocabulary (violations, statuses, categories, field names such as
 * parcel, detectedArea, permittedArea, legalCategory and `m2`) comes from core's DOMAIN_LABELS, the
 * same the review UI shows. `{name}` placeholders are filled by `fill`.
 */
const en = {
  ...DOMAIN_LABELS.en,
  title: 'Construction violation report',
  run: 'Run',
  beforeImage: 'Before image',
  afterImage: 'After image',
  imagery: 'Imagery',
  imageryLine: '{bands}-band {dtype}, {pixel} pixels, {crs}',
  pixelMetres: '{n} m',
  pixelCrsUnits: '{n} CRS units',
  customCrs: 'custom CRS',
  method: 'Detection method',
  methodLine: '{method}, Payesh {version}',
  'method.construction': 'construction evidence (unsupervised)',
  'method.cva': 'change vector analysis',
  'method.learned': 'learned model (boosted trees)',
  'method.neural': 'neural network',
  generated: 'Generated',
  selection: 'Selection',
  violations: 'Violations',
  'violations.all': 'all',
  total: 'Flags in this report',
  totalLine: '{n} flags · {built} new built · {demolished} demolished',
  byViolation: 'By violation',
  byDistrict: 'By district',
  count: 'Count',
  newBuiltColumn: 'New built (m²)',
  demolishedColumn: 'Demolished (m²)',
  overview: 'Flagged parcels',
  demolishedArea: 'Demolished area',
  noPermits: 'No permit on record.',
  decision: "Inspector's decision",
  noDecision: 'Not reviewed yet.',
  by: 'by',
  fingerprint: 'Evidence fingerprint (SHA-256)',
  empty: 'No flag matches this selection: nothing to report.',
  pageOf: 'Page {n} of {m}',
  'status.all': 'all',
  'kind.violation': 'violation',
  'kind.information': 'information',
  'kind.candidate': 'candidate',
};

export type ReportKey = keyof typeof en;

const fa: Record<ReportKey, string> = {
  ...DOMAIN_LABELS.fa,
  title: 'گزارش تخلفات ساختمانی',
  run: 'اجرا',
  beforeImage: 'تصویر پیش',
  afterImage: 'تصویر پس',
  imagery: 'تصویر',
  imageryLine: '{bands} باند {dtype}، پیکسل {pixel}، {crs}',
  pixelMetres: '{n} متر',
  pixelCrsUnits: '{n} واحد دستگاه مختصات',
  customCrs: 'دستگاه مختصات سفارشی',
  method: 'روش آشکارسازی',
  methodLine: '{method}، پایش نسخه {version}',
  'method.construction': 'شواهد ساخت‌وساز (بدون نظارت)',
  'method.cva': 'تحلیل بردار تغییر',
  'method.learned': 'مدل آموخته (درخت‌های تقویت‌شده)',
  'method.neural': 'شبکه عصبی',
  generated: 'تاریخ تهیه',
  selection: 'گزینش',
  violations: 'تخلف‌ها',
  'violations.all': 'همه',
  total: 'موارد این گزارش',
  totalLine: '{n} مورد · {built} ساخت جدید · {demolished} تخریب',
  byViolation: 'بر پایه تخلف',
  byDistrict: 'بر پایه منطقه',
  count: 'تعداد',
  newBuiltColumn: 'ساخت جدید (متر مربع)',
  demolishedColumn: 'تخریب‌شده (متر مربع)',
  overview: 'قطعه‌های دارای تخلف',
  demolishedArea: 'مساحت تخریب‌شده',
  noPermits: 'پروانه‌ای ثبت نشده است.',
  decision: 'تصمیم بازرس',
  noDecision: 'هنوز بررسی نشده است.',
  by: 'توسط',
  fingerprint: 'اثر انگشت مستندات (SHA-256)',
  empty: 'هیچ موردی با این گزینش نیست: گزارشی برای تهیه وجود ندارد.',
  pageOf: 'صفحه {n} از {m}',
  'status.all': 'همه',
  'kind.violation': 'تخلف',
  'kind.information': 'اطلاع',
  'kind.candidate': 'نامزد',
};

export const reportMessages = (lang: ReportLang): Record<ReportKey, string> => (lang === 'fa' ? fa : en);

/** A message's words, or the key itself when there are none (an unknown value shows as it is). */
export const translator = (lang: ReportLang) => {
  const m = reportMessages(lang) as Record<string, string>;
  return (key: string): string => m[key] ?? key;
};

/** Fills `{name}` placeholders. */
export const fill = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
