import type { FlagSummary } from '../api.js';
import { formatNumber, formatPercent } from '../format.js';
import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { ReviewState } from '../review-state.js';
import { remaining } from '../review-state.js';
import type { UrlState } from '../url-state.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
const VIOLATIONS = ['no-permit', 'expired-permit', 'exceeds-permit', 'outside-footprint', 'encroachment', 'demolition'];
const STATUSES = ['pending', 'confirmed', 'dismissed', 'field-visit'];

export function renderQueue(t: T, lang: Lang, state: ReviewState, flags: ReadonlyMap<number, FlagSummary>, url: UrlState, districts: readonly string[], onSelect: (id: number) => void, onFilter: (patch: Partial<UrlState>) => void): HTMLElement {
  const { pending, total } = remaining(state);
  const select = (name: keyof UrlState, all: MessageKey, values: readonly string[], label: (v: string) => string) =>
    h(
      'select',
      { 'aria-label': t(all), onchange: (e: Event) => onFilter({ [name]: (e.target as HTMLSelectElement).value || null }) },
      h('option', { value: '' }, t(all)),
      ...values.map((v) => h('option', { value: v, selected: url[name] === v }, label(v))),
    );
  const filters = h(
    'div',
    { class: 'filters' },
    select('violation', 'allViolations', VIOLATIONS, (v) => t(`violation.${v}` as MessageKey)),
    select('status', 'allStatuses', STATUSES, (v) => t(`status.${v}` as MessageKey)),
    select('district', 'allDistricts', districts, (v) => v),
    h('label', { class: 'min-score' }, t('minScore'), h('input', { type: 'number', min: 0, max: 1, step: 0.05, value: url.min ?? '', onchange: (e: Event) => onFilter({ min: (e.target as HTMLInputElement).value === '' ? null : Number((e.target as HTMLInputElement).value) }) })),
  );
  const items = state.queue.map((q) => {
    const f = flags.get(q.id);
    return h(
      'li',
      { class: `flag status-${q.status}${q.id === state.currentId ? ' current' : ''}`, dataset: { id: String(q.id) }, onclick: () => onSelect(q.id), 'aria-current': q.id === state.currentId ? 'true' : undefined },
      h('span', { class: 'parcel' }, q.parcelId ?? '—'),
      h('span', { class: 'violation' }, t(`violation.${q.violation}` as MessageKey)),
      h('span', { class: 'score' }, formatPercent(q.confidence, lang)),
      f ? h('span', { class: 'area' }, t('m2', { n: formatNumber(f.newBuiltM2, lang) })) : null,
      q.status !== 'pending' ? h('span', { class: 'badge' }, t(`status.${q.status}` as MessageKey)) : null,
    );
  });
  return h(
    'aside',
    { class: 'queue', 'aria-label': t('queue') },
    h('h2', {}, t('queue')),
    filters,
    h('p', { class: 'counts', dataset: { pending: String(pending), total: String(total) } }, t('left', { n: pending, total })),
    items.length ? h('ol', { class: 'flags' }, ...items) : h('p', { class: 'empty' }, t('noFlags')),
  );
}
