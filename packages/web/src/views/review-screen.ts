import type { FlagPage, ReportFormat, ReportJobRequest, ReportStatus, RunInfo, User } from '@payesh/contract';
import type { Api, TileJson } from '../api.js';
import { translator, type Lang } from '../i18n.js';
import { keyAction, type KeyAction } from '../keys.js';
import { MapView } from '../map-view.js';
import { makeReport } from '../review/make-report.js';
import { ReviewController, type ReviewEvent } from '../review/review-controller.js';
import type { Timings } from '../timings.js';
import { statusShown, type UrlState } from '../url-state.js';
import { renderUsers } from './users.js';
import { renderCard } from './card.js';
import { h } from './dom.js';
import { renderExportPanel, showExportProgress } from './export-panel.js';
import { renderHelp } from './help.js';
import { renderMapChrome, updateScale } from './map-chrome.js';
import { QueueView } from './queue.js';
import { RankingPanel } from './ranking-panel.js';

export interface ReviewScreenContext {
  readonly api: Api;
  readonly user: User;
  readonly run: RunInfo;
  readonly tiles: Record<'before' | 'after' | 'change', TileJson>;
  readonly firstPage: FlagPage;
  readonly url: UrlState;
  readonly lang: Lang;
  readonly timings: Timings;
  readonly storage: Storage;
  readonly onLang: () => void;
  readonly onSignOut: () => void;
  readonly writeHash: (url: UrlState) => void;
}

type Overlay = 'help' | 'users' | 'export' | 'ranking' | null;

/**
 * The signed-in screen: header, queue, map and card around one ReviewController. The map and the
 * controller are made once; a language switch re-renders the views (setLang), nothing starts again.
 */
export class ReviewScreen {
  private lang: Lang;
  private t: ReturnType<typeof translator>;
  private readonly controller: ReviewController;
  private readonly map: MapView;
  private readonly mapEl: HTMLElement;
  private readonly header = h('header', {});
  private readonly banner = h('div', { class: 'banner', role: 'status' });
  private readonly queueSlot = h('div', { class: 'queue-slot' });
  private readonly cardSlot = h('div', { class: 'card-slot' });
  private readonly overlaySlot = h('div', { class: 'help-slot' });
  private readonly toastEl = h('div', { class: 'toast', role: 'status' });
  private queue!: QueueView;
  private chrome: HTMLElement = h('div');
  private overlay: Overlay = null;
  private exporting = new AbortController();
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onKey = (e: KeyboardEvent) => this.key(e);

  constructor(
    root: HTMLElement,
    private readonly c: ReviewScreenContext,
  ) {
    this.lang = c.lang;
    this.t = translator(c.lang);
    this.mapEl = h(
      'section',
      { class: 'map', 'aria-label': 'map' },
      h('div', { class: 'map-before' }),
      h('div', { class: 'map-after' }),
      h('div', { class: 'swipe-handle', hidden: true }),
    );
    const firstBox = c.firstPage.items.find((f) => f.id === c.url.flag)?.bbox ?? c.firstPage.items[0]?.bbox ?? null;
    this.map = new MapView(
      this.mapEl,
      c.tiles,
      firstBox,
      () => this.map.loaded() && this.controller.mapIdle(),
      () => this.scale(),
    );
    this.controller = new ReviewController({
      api: c.api,
      run: c.run,
      user: c.user,
      map: this.map,
      timings: c.timings,
      storage: c.storage,
      url: c.url,
      emit: (e) => this.on(e),
    });
    root.replaceChildren(
      this.header,
      this.banner,
      h('main', { class: 'layout' }, this.queueSlot, this.mapEl, this.cardSlot),
      this.overlaySlot,
      this.toastEl,
    );
    this.render();
    document.addEventListener('keydown', this.onKey);
  }

  start(): Promise<void> {
    return this.controller.loadQueue(this.c.firstPage);
  }

  /** Another language: every view drawn again with its words; the map, the queue and the drafts stay. */
  setLang(lang: Lang): void {
    this.lang = lang;
    this.t = translator(lang);
    this.render();
  }

  dispose(): void {
    document.removeEventListener('keydown', this.onKey);
    this.exporting.abort();
    this.controller.dispose();
    this.map.remove();
  }

  private render(): void {
    this.renderHeader();
    this.queue = new QueueView({
      t: this.t,
      lang: this.lang,
      url: this.controller.url,
      decides: this.controller.canDecide,
      districts: this.c.run.districts ?? [],
      onSelect: (id) => void this.controller.open(id),
      onFilter: (patch) => void this.controller.refilter(patch),
    });
    this.queueSlot.replaceChildren(this.queue.element);
    this.queue.setItems(this.controller.state.queue, this.controller.summaries);
    this.queue.setCounts(this.controller.counts);
    this.queue.setCurrent(this.controller.state.currentId);
    const chrome = renderMapChrome({
      t: this.t,
      lang: this.lang,
      beforeOn: this.c.run.beforeOn,
      afterOn: this.c.run.afterOn,
      onAct: (a) => this.controller.act(a),
      onHelp: () => this.toggle('help'),
    });
    this.chrome.remove();
    this.mapEl.append((this.chrome = chrome));
    this.scale();
    this.updateBanner();
    void this.renderCard();
    const open = this.overlay;
    this.overlay = null;
    if (open) this.toggle(open);
  }

  private renderHeader(): void {
    const { t, c } = this;
    const reads = c.user.role === 'planner' || c.user.role === 'supervisor' || c.user.role === 'admin';
    const items = [
      h('strong', { class: 'brand' }, t('appName')),
      h('bdi', { class: 'run' }, c.run.id),
      h('span', { class: 'who' }, t('roleNote', { user: c.user.username, role: t(`role.${c.user.role}`) })),
      c.user.role === 'admin'
        ? h('button', { type: 'button', class: 'users-button', onclick: () => this.toggle('users') }, t('users'))
        : null,
      c.user.role === 'supervisor' || c.user.role === 'admin'
        ? h('button', { type: 'button', class: 'ranking-button', onclick: () => this.toggle('ranking') }, t('ranking'))
        : null,
      reads
        ? h('button', { type: 'button', class: 'export-button', onclick: () => this.toggle('export') }, t('export'))
        : null,
      h('button', { type: 'button', class: 'lang', onclick: c.onLang }, t('language')),
      h('button', { type: 'button', class: 'sign-out', onclick: c.onSignOut }, t('signOut')),
    ];
    this.header.replaceChildren(...items.filter((x): x is HTMLElement => x !== null));
  }

  private on(e: ReviewEvent): void {
    const ctl = this.controller;
    switch (e.kind) {
      case 'queue':
        return this.queue.setItems(ctl.state.queue, ctl.summaries);
      case 'item':
        // The state is replaced, not changed: the list takes the new queue to draw the flag's new status.
        this.queue.setItems(ctl.state.queue, ctl.summaries);
        return this.updateBanner();
      case 'current':
        return this.queue.setCurrent(ctl.state.currentId);
      case 'card':
        return void this.renderCard();
      case 'counts':
        return this.queue.setCounts(ctl.counts);
      case 'outbox':
        this.queue.setCounts(ctl.counts);
        return this.updateBanner();
      case 'url':
        return this.c.writeHash({ ...ctl.url, flag: ctl.state.currentId });
      case 'toast':
        return this.toast(this.t(e.key, e.params), e.error ? 'error' : 'info');
    }
  }

  private async renderCard(): Promise<void> {
    const ctl = this.controller;
    const id = ctl.state.currentId;
    if (id === null) return this.cardSlot.replaceChildren();
    const flag = await ctl.detailOf(id);
    if (ctl.state.currentId !== id) return;
    const card = renderCard({
      t: this.t,
      lang: this.lang,
      run: this.c.run,
      flag,
      state: ctl.state,
      canDecide: ctl.canDecide,
      canReopen: this.c.user.role === 'supervisor',
      saving: ctl.saving(id),
      onNote: (text) => ctl.setNote(text),
      onReopen: () => void ctl.reopen(id),
      onAct: (a) => ctl.act(a),
    });
    this.cardSlot.replaceChildren(card);
  }

  private scale(): void {
    if (this.chrome.isConnected) updateScale(this.chrome, this.map.metresPerPixel(), this.t, this.lang);
  }

  private updateBanner(): void {
    const unsent = this.controller.unsent();
    this.banner.textContent = unsent ? this.t('unsent', { n: unsent }) : '';
    this.banner.className = unsent ? 'banner error' : 'banner';
  }

  private toast(message: string, kind: 'info' | 'error'): void {
    this.toastEl.textContent = message;
    this.toastEl.className = `toast ${kind}`;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toastEl.className = 'toast'), 4000);
  }

  /** Opens (or closes) one of the dialogs: keys, users, export, ranking. */
  private toggle(which: Exclude<Overlay, null>): void {
    if (this.overlay === which) return this.closeOverlay();
    this.overlay = which;
    if (which === 'help') this.overlaySlot.replaceChildren(renderHelp(this.t));
    else if (which === 'users') void this.showUsers();
    else if (which === 'ranking') this.overlaySlot.replaceChildren(this.rankingPanel());
    else this.overlaySlot.replaceChildren(this.exportPanel());
  }

  private closeOverlay(): void {
    this.overlay = null;
    this.overlaySlot.replaceChildren();
  }

  private async showUsers(): Promise<void> {
    const { users } = await this.c.api.users();
    if (this.overlay !== 'users') return;
    this.overlaySlot.replaceChildren(
      renderUsers(
        this.t,
        users,
        (username, password, role) => {
          void this.c.api.addUser({ username, password, role }).then(
            (r) => (this.toast(this.t('userAdded', { user: r.user.username }), 'info'), void this.showUsers()),
            (e: Error) => this.toast(this.t('errorPrefix', { message: e.message }), 'error'),
          );
        },
        () => this.closeOverlay(),
      ),
    );
  }

  private rankingPanel(): HTMLElement {
    return new RankingPanel({
      t: this.t,
      lang: this.lang,
      api: this.c.api,
      runId: this.c.run.id,
      onChanged: () => void this.controller.reload(),
      onMessage: (key, params, error) => this.toast(this.t(key, params), error ? 'error' : 'info'),
      onClose: () => this.closeOverlay(),
    }).element;
  }

  private exportPanel(): HTMLElement {
    const url = this.controller.url;
    const selection = {
      status: statusShown(url, this.controller.canDecide),
      violation: url.violation,
      district: url.district,
    };
    const panel = renderExportPanel({
      t: this.t,
      lang: this.lang,
      selection,
      onClose: () => this.closeOverlay(),
      onExport: (format, persianCsv) => void this.export(panel, format, persianCsv, selection),
    });
    return panel;
  }

  private async export(
    panel: HTMLElement,
    format: ReportFormat,
    persianCsv: boolean,
    s: { status: string; violation: string | null; district: string | null },
  ): Promise<void> {
    this.exporting.abort();
    const exporting = (this.exporting = new AbortController());
    // The PDF in the page's language; data files in English for GIS tools unless Persian CSV was asked for.
    const lang = format === 'pdf' ? this.lang : format === 'csv' && persianCsv ? 'fa' : 'en';
    // The address bar's status goes as it is: the server checks it (and says what is wrong).
    const request: ReportJobRequest = {
      format,
      lang,
      status: s.status as ReportStatus,
      ...(format === 'csv' && persianCsv ? { dates: 'both' as const } : {}),
      ...(s.violation ? { violation: s.violation } : {}),
      ...(s.district ? { district: s.district } : {}),
    };
    try {
      const job = await makeReport(
        this.c.api,
        this.c.run.id,
        request,
        (j) => showExportProgress(panel, j, this.c.api.reportFileUrl(j.id), this.t, this.lang),
        exporting.signal,
      );
      if (job.state === 'done' && !exporting.signal.aborted)
        panel.querySelector<HTMLAnchorElement>('a.download')?.click();
    } catch (e) {
      showExportProgress(
        panel,
        { id: '', state: 'failed', done: 0, total: 0, filename: `.${format}`, error: (e as Error).message },
        '',
        this.t,
        this.lang,
      );
    }
  }

  private key(e: KeyboardEvent): void {
    if ((e.target as HTMLElement).closest('input, textarea, select')) return;
    const action: KeyAction | null = keyAction(e.key, e.code, e.ctrlKey || e.metaKey || e.altKey);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'help') return this.toggle('help');
    if (action.kind === 'escape') return this.closeOverlay();
    if (action.kind === 'note') return void this.cardSlot.querySelector<HTMLTextAreaElement>('textarea.note')?.focus();
    this.controller.act(action);
  }
}
