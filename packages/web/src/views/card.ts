import type { FlagDetail, RunInfo } from '@payesh/contract';
import { bothCalendars, formatNumber, formatPercent, formatTimestamp, isolate } from '../format.js';
import type { KeyAction } from '../keys.js';
import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { ReviewState } from '../review-state.js';
import { renderRanking } from './card-ranking.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface CardContext {
  readonly t: T;
  readonly lang: Lang;
  readonly run: RunInfo;
  readonly flag: FlagDetail;
  readonly state: ReviewState;
  readonly canDecide: boolean;
  readonly canReopen: boolean;
  /** "saving" while the current flag's decision is in the outbox. */
  readonly saving: boolean;
  readonly onNote: (text: string) => void;
  readonly onReopen: () => void;
  /** A decision button does what its key does. */
  readonly onAct: (action: KeyAction) => void;
}

const CATEGORIES = [1, 2, 3, 4, 5, 6] as const;

/** The decision buttons, each with its key, for mouse and touch: the same actions as the keys. */
function decisionBar(c: CardContext, pending: boolean, note: HTMLTextAreaElement): HTMLElement {
  const { t, lang, state } = c;
  const button = (label: MessageKey, key: string, onclick: () => void, cls = '') =>
    h(
      'button',
      { type: 'button', class: `decide ${cls}`, disabled: !pending, onclick, 'aria-keyshortcuts': key },
      t(label),
      ' ',
      h('kbd', {}, key),
    );
  const category = h(
    'select',
    {
      class: 'category',
      name: 'category',
      'aria-label': t('legalCategory'),
      disabled: !pending,
      onchange: (e: Event) => {
        // Choosing the category already chosen clears it, as its key does.
        const chosen = Number((e.target as HTMLSelectElement).value) || state.draft.legalCategory;
        if (chosen) c.onAct({ kind: 'category', category: chosen });
      },
    },
    h('option', { value: '' }, t('noCategory')),
    ...CATEGORIES.map((n) =>
      h(
        'option',
        { value: n, selected: state.draft.legalCategory === n },
        `${formatNumber(n, lang)} · ${t(`category.${n}` as MessageKey)}`,
      ),
    ),
  );
  return h(
    'div',
    { class: 'decisions', role: 'group', 'aria-label': t('decide') },
    button('button.confirmed', 'C', () => c.onAct({ kind: 'decide', outcome: 'confirmed' }), 'confirm'),
    button('button.dismissed', 'D', () => c.onAct({ kind: 'decide', outcome: 'dismissed' }), 'dismiss'),
    button('button.field-visit', 'F', () => c.onAct({ kind: 'decide', outcome: 'field-visit' }), 'field-visit'),
    button('button.note', 'N', () => note.focus(), 'note-button'),
    h(
      'label',
      { class: 'category-label' },
      h('span', {}, t('legalCategory'), ' ', h('kbd', {}, `${formatNumber(1, lang)}–${formatNumber(6, lang)}`)),
      category,
    ),
  );
}

const row = (label: string, value: string | Node) => h('div', { class: 'row' }, h('dt', {}, label), h('dd', {}, value));

export function renderCard(c: CardContext): HTMLElement {
  const { t, lang, flag, run, state } = c;
  const area = (m2: number | null) => (m2 === null ? '—' : t('m2', { n: formatNumber(m2, lang) }));
  const status = state.queue.find((q) => q.id === flag.id)?.status ?? flag.status;
  const permits = flag.properties.permits ?? [];
  const permitTable = permits.length
    ? h(
        'table',
        { class: 'permits' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...(['permitNumber', 'issued', 'expires', 'status', 'permittedArea', 'floors'] as const).map((k) =>
              h('th', {}, t(k)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...permits.map((p) =>
            h(
              'tr',
              { class: p.covers_period ? 'covers' : '' },
              h('td', { dir: 'ltr' }, p.permit_id),
              h('td', { class: 'date' }, bothCalendars(p.issued_on, lang)),
              h('td', { class: 'date' }, p.expires_on ? bothCalendars(p.expires_on, lang) : '—'),
              h(
                'td',
                {},
                t(`permitStatus.${p.status}` as MessageKey),
                p.covers_period ? h('small', {}, ` (${t('coversPeriod')})`) : null,
              ),
              h('td', {}, area(p.permitted_area_m2)),
              h('td', {}, p.floors === null ? '—' : formatNumber(p.floors, lang)),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted' }, t('noPermits'));
  const chip = (layer: 'before' | 'after' | 'change', date: string | null) =>
    h(
      'figure',
      {},
      h('img', {
        src: `/api/runs/${encodeURIComponent(run.id)}/flags/${flag.id}/chip/${layer}.png`,
        alt: t(layer),
        width: 160,
        loading: 'lazy',
      }),
      h(
        'figcaption',
        {},
        t(layer),
        date ? h('small', {}, ` ${t('acquired', { date: bothCalendars(date, lang) })}`) : null,
      ),
    );
  const history = flag.decisions.length
    ? h(
        'ol',
        { class: 'history' },
        ...flag.decisions.map((d) =>
          h(
            'li',
            { class: d.supersededAt ? 'superseded' : '' },
            `${isolate(formatTimestamp(d.decidedAt, lang))} · ${isolate(d.username)} · ${t(`outcome.${d.outcome}` as MessageKey)}`,
            d.legalCategory ? ` · ${t(`category.${d.legalCategory}` as MessageKey)}` : '',
            d.note ? ' · ' : null,
            d.note ? h('q', {}, d.note) : null,
          ),
        ),
      )
    : h('p', { class: 'muted' }, t('noHistory'));
  const note = h('textarea', { class: 'note', rows: 2, placeholder: t('notePlaceholder'), 'aria-label': t('note') });
  note.value = state.draft.note ?? '';
  note.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      c.onNote(note.value);
      note.blur();
    }
    if (e.key === 'Escape') note.blur();
  });
  return h(
    'aside',
    { class: 'card', 'aria-live': 'polite', dataset: { flag: String(flag.id), status } },
    h(
      'h2',
      {},
      h('bdi', { class: 'parcel-id' }, flag.parcelId ?? '—'),
      ' ',
      h('span', { class: `badge status-${status}` }, c.saving ? t('saving') : t(`status.${status}` as MessageKey)),
    ),
    c.canDecide
      ? h('div', { class: 'draft' }, decisionBar(c, status === 'pending', note), note)
      : h('p', { class: 'muted' }, t('readOnly')),
    h(
      'dl',
      {},
      row(t('violation'), t(`violation.${flag.violation}` as MessageKey)),
      row(t('confidence'), formatPercent(flag.confidence, lang)),
      row(t('district'), flag.district ?? '—'),
      row(t('address'), flag.address ?? '—'),
      row(t('detectedArea'), area(flag.newBuiltM2)),
      row(t('permittedArea'), area(flag.permittedAreaM2)),
    ),
    renderRanking(flag.ranking, t, lang),
    h('h3', {}, t('permits')),
    permitTable,
    h('h3', {}, t('evidence')),
    h('div', { class: 'chips' }, chip('before', run.beforeOn), chip('after', run.afterOn), chip('change', null)),
    h('h3', {}, t('history')),
    history,
    c.canReopen && status !== 'pending' ? h('button', { type: 'button', onclick: c.onReopen }, t('reopen')) : null,
  );
}
