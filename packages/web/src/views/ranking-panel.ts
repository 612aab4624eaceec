import type { RankingState } from '@payesh/contract';
import type { Api } from '../api.js';
import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { formatNumber } from '../format.js';
import { rankingSummary } from '../rank-format.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface RankingPanelContext {
  readonly t: T;
  readonly lang: Lang;
  readonly api: Api;
  readonly runId: string;
  /** The queue's order or its probabilities changed: load it again. */
  readonly onChanged: () => void;
  readonly onMessage: (key: MessageKey, params: Record<string, string | number>, error: boolean) => void;
  readonly onClose: () => void;
}

/** Supervisors and admins: the run's learned ranking on or off, its latest ranking, and "rank now". */
export class RankingPanel {
  readonly element: HTMLElement;
  private state: RankingState | null = null;
  private busy = false;
  private ranking = false;

  constructor(private readonly c: RankingPanelContext) {
    this.element = h('div', { class: 'help ranking-panel', role: 'dialog', 'aria-label': c.t('ranking.title') });
    this.render();
    void this.run(async () => {
      this.state = await c.api.ranking(c.runId);
    });
  }

  /** One request at a time; its failure shown as the other API errors are. */
  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.render();
    try {
      await work();
    } catch (e) {
      this.c.onMessage('errorPrefix', { message: (e as Error).message }, true);
    }
    this.busy = this.ranking = false;
    this.render();
  }

  private setEnabled(enabled: boolean): Promise<void> {
    return this.run(async () => {
      this.state = await this.c.api.setRanking(this.c.runId, enabled);
      this.c.onChanged();
    });
  }

  private rankNow(): Promise<void> {
    this.ranking = true;
    return this.run(async () => {
      const record = await this.c.api.rankNow(this.c.runId);
      this.c.onMessage(
        record.applied ? 'ranking.done' : 'ranking.notDone',
        { n: formatNumber(record.ranked, this.c.lang), reason: record.reason ?? '—' },
        false,
      );
      this.state = await this.c.api.ranking(this.c.runId);
      this.c.onChanged();
    });
  }

  private render(): void {
    const { t, lang } = this.c;
    const s = this.state;
    const toggle = h('input', {
      type: 'checkbox',
      role: 'switch',
      name: 'ranking',
      checked: s?.enabled ?? false,
      disabled: this.busy || s === null,
      'aria-checked': String(s?.enabled ?? false),
      onchange: (e: Event) => void this.setEnabled((e.target as HTMLInputElement).checked),
    });
    const summary = s?.latest
      ? h('ul', { class: 'summary' }, ...rankingSummary(s.latest, s.decisionsSince, t, lang).map((l) => h('li', {}, l)))
      : s
        ? h('p', { class: 'summary muted' }, t('ranking.none', { n: formatNumber(s.decisionsSince, lang) }))
        : null;
    this.element.dataset.state = s === null ? 'loading' : s.enabled ? 'on' : 'off';
    this.element.dataset.busy = String(this.busy);
    const parts = [
      h('h2', {}, t('ranking.title')),
      h('p', { class: 'muted' }, t('ranking.explain')),
      h('label', { class: 'switch' }, toggle, ' ', t('ranking.switch')),
      s ? h('p', { class: 'status' }, t(s.enabled ? 'ranking.on' : 'ranking.off')) : null,
      summary,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', class: 'rank-now', disabled: this.busy, onclick: () => void this.rankNow() },
          this.ranking ? t('ranking.working') : t('ranking.rankNow'),
        ),
      ),
      h('button', { type: 'button', class: 'link', onclick: this.c.onClose }, t('close')),
    ];
    this.element.replaceChildren(...parts.filter((p) => p !== null));
  }
}
