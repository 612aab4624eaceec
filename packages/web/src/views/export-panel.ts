import type { ReportFormat, ReportJobView } from '@payesh/contract';
import { formatNumber } from '../format.js';
import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
const FORMATS = ['pdf', 'csv', 'geojson'] as const satisfies readonly ReportFormat[];

export interface ExportPanelContext {
  readonly t: T;
  readonly lang: Lang;
  /** The queue's filters, as the report will select. */
  readonly selection: { readonly status: string; readonly violation: string | null; readonly district: string | null };
  /** The format, and for CSV whether Persian headers and Solar Hijri dates were asked for. */
  readonly onExport: (format: ReportFormat, persianCsv: boolean) => void;
  readonly onClose: () => void;
}

/** Planners: the report of what the queue's filters select, in three formats, with progress. */
export function renderExportPanel(c: ExportPanelContext): HTMLElement {
  const { t, selection: s } = c;
  // GIS tools read English CSV headers; Persian ones (and Solar Hijri dates) only when asked.
  const persianCsv = h('input', { type: 'checkbox', name: 'persian-csv' });
  const chosen = [
    s.status === 'all' ? t('allStatuses') : t(`status.${s.status}` as MessageKey),
    s.violation ? t(`violation.${s.violation}` as MessageKey) : t('allViolations'),
    s.district ?? t('allDistricts'),
  ].join(' · ');
  return h(
    'div',
    { class: 'help export-panel', role: 'dialog', 'aria-label': t('export') },
    h('h2', {}, t('export')),
    h('p', { class: 'selection' }, chosen),
    h('p', { class: 'muted' }, t('exportFollows')),
    h(
      'div',
      { class: 'formats' },
      ...FORMATS.map((f) =>
        h(
          'button',
          { type: 'button', class: `export-${f}`, onclick: () => c.onExport(f, persianCsv.checked) },
          t(`export.${f}`),
        ),
      ),
    ),
    h('label', { class: 'csv-lang' }, persianCsv, ' ', t('persianCsv')),
    h('div', { class: 'export-progress', role: 'status' }),
    h('button', { type: 'button', class: 'link', onclick: c.onClose }, t('close')),
  );
}

/** Shows a report job's progress in the panel; when made, the file link. */
export function showExportProgress(panel: HTMLElement, job: ReportJobView, fileUrl: string, t: T, lang: Lang): void {
  const slot = panel.querySelector<HTMLElement>('.export-progress')!;
  slot.dataset.state = job.state;
  const format = job.filename.split('.').pop()!.toUpperCase();
  if (job.state === 'running')
    slot.replaceChildren(
      h(
        'span',
        {},
        t('preparing', { format, done: formatNumber(job.done, lang), total: formatNumber(job.total, lang) }),
      ),
      h('progress', { max: Math.max(job.total, 1), value: job.done }),
    );
  else if (job.state === 'done')
    slot.replaceChildren(
      t('ready'),
      ' ',
      h('a', { class: 'download', href: fileUrl, download: job.filename, dir: 'ltr' }, job.filename),
    );
  else slot.replaceChildren(h('span', { class: 'error' }, t('exportFailed', { message: job.error ?? '?' })));
}
