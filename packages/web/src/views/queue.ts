import type { FlagStatus, FlagSummary, ListsEvery, StatusCounts } from '@payesh/contract';
import { formatNumber, formatPercent, isolate } from '../format.js';
import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { progress, type QueueItem } from '../review-state.js';
import { formatProbability } from '../rank-format.js';
import { DEFAULT_SORT, QUEUE_SORTS, statusShown, type UrlState } from '../url-state.js';
import { VIOLATIONS } from '../violations.js';
import { h } from './dom.js';
import { VirtualList } from './virtual-list.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
/** The status menu in its own order, every value of the contract's type (and all). */
const STATUSES = ['pending', 'confirmed', 'dismissed', 'field-visit', 'all'] as const satisfies readonly (
  | FlagStatus
  | 'all'
)[];
true satisfies ListsEvery<FlagStatus | 'all', typeof STATUSES>;
/** One row of the list, in CSS pixels (the virtual list places rows by it). */
const ROW_PX = 48;

export interface QueueViewContext {
  readonly t: T;
  readonly lang: Lang;
  readonly url: UrlState;
  readonly decides: boolean;
  readonly districts: readonly string[];
  readonly onSelect: (id: number) => void;
  readonly onFilter: (patch: Partial<UrlState>) => void;
}

/** The queue: filters, progress from the server's counts, and the flags as a virtual list. */
export class QueueView {
  readonly element: HTMLElement;
  private readonly list: VirtualList;
  private readonly counts: HTMLElement;
  private items: readonly QueueItem[] = [];
  private currentId: number | null = null;
  private summaries: ReadonlyMap<number, FlagSummary> = new Map();

  constructor(private readonly c: QueueViewContext) {
    const { t, url } = c;
    const select = (
      name: 'violation' | 'status' | 'district',
      all: MessageKey | null,
      values: readonly string[],
      label: (v: string) => string,
      selected: string | null,
    ) =>
      h(
        'select',
        {
          name,
          'aria-label': t(name),
          onchange: (e: Event) => c.onFilter({ [name]: (e.target as HTMLSelectElement).value || null }),
        },
        all ? h('option', { value: '' }, t(all)) : null,
        ...values.map((v) => h('option', { value: v, selected: selected === v }, label(v))),
      );
    const filters = h(
      'div',
      { class: 'filters' },
      select(
        'status',
        null,
        STATUSES,
        (v) => (v === 'all' ? t('allStatuses') : t(`status.${v}` as MessageKey)),
        statusShown(url, c.decides),
      ),
      select('violation', 'allViolations', VIOLATIONS, (v) => t(`violation.${v}` as MessageKey), url.violation),
      select('district', 'allDistricts', c.districts, (v) => v, url.district),
      h(
        'label',
        { class: 'sort' },
        t('sort'),
        h(
          'select',
          {
            name: 'sort',
            onchange: (e: Event) =>
              c.onFilter({ sort: (e.target as HTMLSelectElement).value as (typeof QUEUE_SORTS)[number] }),
          },
          ...QUEUE_SORTS.map((v) =>
            h('option', { value: v, selected: (url.sort ?? DEFAULT_SORT) === v }, t(`sort.${v}`)),
          ),
        ),
      ),
      h(
        'label',
        { class: 'min-score' },
        t('minScore'),
        h('input', {
          type: 'number',
          min: 0,
          max: 1,
          step: 0.05,
          value: url.min ?? '',
          onchange: (e: Event) =>
            c.onFilter({
              min: (e.target as HTMLInputElement).value === '' ? null : Number((e.target as HTMLInputElement).value),
            }),
        }),
      ),
    );
    this.counts = h('div', { class: 'counts', role: 'status' });
    this.list = new VirtualList(ROW_PX, (i) => this.row(i), t('queue'));
    this.element = h(
      'aside',
      { class: 'queue', 'aria-label': t('queue') },
      h('h2', {}, t('queue')),
      filters,
      this.counts,
      this.list.element,
    );
  }

  /** The decided share of everything the filters select (any status), from the server's counts. */
  setCounts(counts: StatusCounts): void {
    const { decided, total, pending } = progress(counts);
    Object.assign(this.counts.dataset, { decided: String(decided), total: String(total), pending: String(pending) });
    this.counts.replaceChildren(
      h(
        'span',
        {},
        this.c.t('progress', {
          decided: formatNumber(decided, this.c.lang),
          total: formatNumber(total, this.c.lang),
          pending: formatNumber(pending, this.c.lang),
        }),
      ),
      h('progress', { max: Math.max(total, 1), value: decided }),
    );
  }

  setItems(items: readonly QueueItem[], summaries: ReadonlyMap<number, FlagSummary>): void {
    this.items = items;
    this.summaries = summaries;
    this.element.querySelector('.empty')?.remove();
    if (!items.length) this.element.append(h('p', { class: 'empty' }, this.c.t('noFlags')));
    this.list.setCount(items.length);
  }

  setCurrent(id: number | null): void {
    this.currentId = id;
    this.list.reveal(this.items.findIndex((q) => q.id === id));
  }

  private row(index: number): HTMLElement {
    const { t, lang } = this.c;
    const q = this.items[index]!;
    const f = this.summaries.get(q.id);
    const current = q.id === this.currentId;
    return h(
      'li',
      {
        class: `flag status-${q.status}${current ? ' current' : ''}`,
        dataset: { id: String(q.id), ...(f && f.probability !== null ? { probability: String(f.probability) } : {}) },
        onclick: () => this.c.onSelect(q.id),
        'aria-current': current ? 'true' : undefined,
      },
      h('span', { class: 'parcel' }, isolate(q.parcelId ?? '—')),
      h(
        'span',
        { class: 'score' },
        f && f.probability !== null
          ? h('span', { class: 'probability', title: t('rank.probability') }, formatProbability(f.probability, lang))
          : null,
        formatPercent(q.confidence, lang),
      ),
      h('span', { class: 'violation' }, t(`violation.${q.violation}` as MessageKey)),
      h(
        'span',
        { class: 'area' },
        f ? t('m2', { n: formatNumber(f.newBuiltM2, lang) }) : '',
        q.status !== 'pending' ? h('span', { class: 'badge' }, t(`status.${q.status}` as MessageKey)) : null,
      ),
    );
  }
}
