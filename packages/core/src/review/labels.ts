/**
 * The words for the domain's values (violations, flag and permit statuses, legal categories) in
 * Persian and English: one vocabulary for the review UI and the reports. Data only, no imports, so
 * the web bundle can take it without the rest of core (`@payesh/core/labels`).
 */
export const DOMAIN_LABELS = {
  en: {
    'status.pending': 'pending',
    'status.confirmed': 'confirmed',
    'status.dismissed': 'dismissed',
    'status.field-visit': 'field visit',
    'violation.no-permit': 'No permit',
    'violation.expired-permit': 'Expired permit',
    'violation.exceeds-permit': 'Exceeds permit',
    'violation.outside-footprint': 'Outside footprint',
    'violation.demolition': 'Demolition',
    'violation.encroachment': 'Encroachment',
    'permitStatus.issued': 'issued',
    'permitStatus.expired': 'expired',
    'permitStatus.revoked': 'revoked',
    'category.1': 'Building without permit',
    'category.2': 'Beyond permitted area',
    'category.3': 'Beyond permitted floors',
    'category.4': 'Encroachment on passage',
    'category.5': 'Change of use',
    'category.6': 'Other',
  },
  fa: {
    'status.pending': 'در انتظار',
    'status.confirmed': 'تأیید شده',
    'status.dismissed': 'رد شده',
    'status.field-visit': 'بازدید میدانی',
    'violation.no-permit': 'بدون پروانه',
    'violation.expired-permit': 'پروانه منقضی',
    'violation.exceeds-permit': 'مازاد بر پروانه',
    'violation.outside-footprint': 'خارج از جانمایی',
    'violation.demolition': 'تخریب',
    'violation.encroachment': 'تجاوز به معبر',
    'permitStatus.issued': 'صادر شده',
    'permitStatus.expired': 'منقضی',
    'permitStatus.revoked': 'ابطال شده',
    'category.1': 'احداث بنا بدون پروانه',
    'category.2': 'مازاد بر تراکم مجاز',
    'category.3': 'مازاد بر طبقات مجاز',
    'category.4': 'تجاوز به معبر عمومی',
    'category.5': 'تغییر کاربری',
    'category.6': 'سایر',
  },
} as const;

export type DomainLabelKey = keyof (typeof DOMAIN_LABELS)['en'];
