import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/700.css';
import './styles.css';
import { Api, ApiError, type FlagDetail, type FlagSummary, type RunInfo, type TileJson, type User } from './api.js';
import { directionOf, translator, type Lang } from './i18n.js';
import { keyAction } from './keys.js';
import { MapView } from './map-view.js';
import { loadOutbox, saveOutbox } from './outbox-storage.js';
import { acknowledged, decide, failed, initialState, neighbour, rejected, remaining, select, setCategory, setNote, undone, type FlagStatus, type ReviewState } from './review-state.js';
import { flagQuery, formatHash, parseHash, type UrlState } from './url-state.js';
import { renderCard } from './views/card.js';
import { h } from './views/dom.js';
import { renderHelp } from './views/help.js';
import { renderUsers } from './views/admin.js';
import { renderQueue } from './views/queue.js';
import { renderSignIn } from './views/sign-in.js';

/** Timings the benchmark reads (performance.now() milliseconds). */
const timings = { signedInAt: 0, firstImageryAt: 0, navigationMs: [] as number[], ackMs: [] as number[] };
(window as unknown as { __payesh: typeof timings }).__payesh = timings;

const api = new Api();
const root = document.getElementById('app')!;
let lang: Lang = parseHash(location.hash).lang ?? ((localStorage.getItem('payesh.lang') as Lang | null) ?? 'en');
let t = translator(lang);

function applyLang(): void {
  t = translator(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
  document.title = t('appName');
  localStorage.setItem('payesh.lang', lang);
}

function toast(message: string, kind: 'info' | 'error' = 'info'): void {
  const el = document.querySelector('.toast')!;
  el.textContent = message;
  el.className = `toast ${kind}`;
  window.clearTimeout(Number((el as HTMLElement).dataset.timer));
  (el as HTMLElement).dataset.timer = String(window.setTimeout(() => (el.className = 'toast'), 4000));
}

async function boot(): Promise<void> {
  applyLang();
  const user = await api.session();
  if (user) await startApp(user);
  else showSignIn(null);
}

function showSignIn(error: string | null): void {
  root.replaceChildren(
    renderSignIn(t, error, async (username, password) => {
      try {
        const user = await api.signIn(username, password);
        timings.signedInAt = performance.now();
        await startApp(user);
      } catch (e) {
        showSignIn((e as Error).message);
      }
    }, () => ((lang = lang === 'fa' ? 'en' : 'fa'), applyLang(), showSignIn(error)), lang),
  );
}

async function startApp(user: User): Promise<void> {
  const runs = (await api.runs()).runs;
  let url: UrlState = parseHash(location.hash);
  const chosen = url.run && runs.some((r) => r.id === url.run) ? url.run : runs[0]?.id;
  if (!chosen) {
    root.replaceChildren(h('main', { class: 'empty-page' }, h('p', {}, t('noFlags'))));
    return;
  }
  const runId: string = chosen;
  // Everything the first screen needs, at once: the run, its layers and the queue.
  const firstList = api.flags(runId, flagQuery(url));
  const [run, before, after, change] = (await Promise.all([api.run(runId), ...['before', 'after', 'change'].map((l) => api.tileJson(runId, l))])) as [RunInfo, TileJson, TileJson, TileJson];
  const firstItems = (await firstList).items;
  const firstFlag = firstItems.find((f) => f.id === url.flag) ?? firstItems[0];
  const firstDetail = firstFlag ? api.flag(runId, firstFlag.id) : null; // under way while the map starts
  const canDecide = user.role === 'inspector' || user.role === 'supervisor';
  const details = new Map<number, Promise<FlagDetail>>(firstFlag && firstDetail ? [[firstFlag.id, firstDetail]] : []);
  const summaries = new Map<number, FlagSummary>();
  const lockedByOthers = new Set<number>();
  let state: ReviewState = initialState(runId, []);
  let helpOpen = false;

  // Layout: header, queue, map, card; the map is created once and kept.
  const mapEl = h('section', { class: 'map', 'aria-label': 'map' }, h('div', { class: 'map-before' }), h('div', { class: 'map-after' }), h('div', { class: 'swipe-handle', hidden: true }));
  const queueSlot = h('div', { class: 'queue-slot' });
  const cardSlot = h('div', { class: 'card-slot' });
  const banner = h('div', { class: 'banner', role: 'status' });
  const header = h(
    'header',
    {},
    h('strong', { class: 'brand' }, t('appName')),
    h('span', { class: 'run', dir: 'ltr' }, run.id),
    h('span', { class: 'who' }, t('roleNote', { user: user.username, role: t(`role.${user.role}`) })),
    user.role === 'admin' ? h('button', { type: 'button', class: 'users-button', onclick: () => void showUsers() }, t('users')) : null,
    ...(user.role === 'planner' || user.role === 'supervisor' || user.role === 'admin'
      ? (['pdf', 'csv', 'geojson'] as const).map((f) => h('a', { class: 'export', href: `/api/runs/${encodeURIComponent(runId)}/report/${f}?lang=${lang}&status=confirmed`, download: true }, t(`export.${f}`)))
      : []),
    h('button', { type: 'button', class: 'lang', onclick: () => ((lang = lang === 'fa' ? 'en' : 'fa'), (url = { ...url, lang }), writeUrl(), applyLang(), void startApp(user)) }, t('language')),
    h('button', { type: 'button', onclick: () => void api.signOut().then(() => showSignIn(null)) }, t('signOut')),
  );
  const helpSlot = h('div', { class: 'help-slot' });
  root.replaceChildren(header, banner, h('main', { class: 'layout' }, queueSlot, mapEl, cardSlot), helpSlot, h('div', { class: 'toast', role: 'status' }));

  let navStarted = 0;
  let prefetching = new AbortController();
  const tileUrls = [before, after, change].map((tj) => `${location.origin}${tj.tiles[0]}`);
  const map = new MapView(mapEl, { before, after, change }, firstFlag?.bbox ?? null, () => {
    if (!map.loaded() || state.currentId === null) return;
    if (!timings.firstImageryAt && timings.signedInAt) timings.firstImageryAt = performance.now();
    if (navStarted) timings.navigationMs.push(performance.now() - navStarted), (navStarted = 0);
    // The current view is drawn: warm the cache for the next flag.
    const next = neighbour(state, 1, lockedByOthers);
    const summary = next === null ? undefined : summaries.get(next);
    prefetching.abort();
    prefetching = new AbortController();
    if (summary) {
      // Its evidence chips first (small, three requests), then its tiles.
      const chips = ['before', 'after', 'change'].map((l) => `/api/runs/${encodeURIComponent(runId)}/flags/${summary.id}/chip/${l}.png`);
      void Promise.all(chips.map((u) => fetch(u, { credentials: 'same-origin', signal: prefetching.signal }).then((r) => r.arrayBuffer()).catch(() => undefined))).then(() => map.prefetch(summary.bbox, tileUrls, prefetching.signal));
    }
  });

  const writeUrl = () => history.replaceState(null, '', formatHash({ ...url, run: runId, flag: state.currentId, lang }));
  const persist = () => saveOutbox(localStorage, state.outbox);
  const detailOf = (id: number): Promise<FlagDetail> => {
    let d = details.get(id);
    if (!d) details.set(id, (d = api.flag(runId, id)));
    d.catch(() => details.delete(id));
    return d;
  };

  function renderQueueView(): void {
    queueSlot.replaceChildren(renderQueue(t, lang, state, summaries, url, run.districts ?? [], (id) => void open(id), (patch) => void refilter(patch)));
    updateBanner();
  }

  async function renderCardView(): Promise<void> {
    if (state.currentId === null) return cardSlot.replaceChildren();
    const id = state.currentId;
    const flag = await detailOf(id);
    if (state.currentId !== id) return;
    cardSlot.replaceChildren(
      renderCard({ t, lang, run, flag, state, canDecide, canReopen: user.role === 'supervisor', saving: state.outbox.some((d) => d.flagId === id && d.runId === runId), onNote: (text) => ((state = setNote(state, text)), void renderCardView()), onReopen: () => void reopen(id) }),
    );
  }

  /** One flag's status in the list, and the counts, without rebuilding the list. */
  function updateQueueItem(id: number): void {
    const li = queueSlot.querySelector<HTMLElement>(`li[data-id="${id}"]`);
    const item = state.queue.find((q) => q.id === id);
    if (!li || !item) return renderQueueView();
    li.className = `flag status-${item.status}${id === state.currentId ? ' current' : ''}`;
    li.querySelector('.badge')?.remove();
    if (item.status !== 'pending') li.append(h('span', { class: 'badge' }, t(`status.${item.status}`)));
    const { pending, total } = remaining(state);
    const counts = queueSlot.querySelector<HTMLElement>('.counts');
    if (counts) (counts.textContent = t('left', { n: pending, total })), (counts.dataset.pending = String(pending));
    updateBanner();
  }

  function updateBanner(): void {
    const unsent = state.outbox.filter((d) => d.runId === runId && d.attempts > 0).length;
    banner.textContent = unsent ? t('unsent', { n: unsent }) : '';
    banner.className = unsent ? 'banner error' : 'banner';
  }

  /** Moves the queue's highlight without rebuilding the list (it can hold thousands of flags). */
  function markCurrent(previous: number | null): void {
    const list = queueSlot.querySelector('ol.flags');
    if (!list) return renderQueueView();
    list.querySelector(`li[data-id="${previous}"]`)?.classList.remove('current');
    const li = list.querySelector(`li[data-id="${state.currentId}"]`);
    li?.classList.add('current');
    li?.scrollIntoView({ block: 'nearest' });
  }

  async function open(id: number | null, direction: 1 | -1 = 1): Promise<void> {
    navStarted = performance.now();
    prefetching.abort();
    const previous = state.currentId;
    state = select(state, id);
    writeUrl();
    markCurrent(previous);
    if (id === null) return void cardSlot.replaceChildren();
    const flag = await detailOf(id);
    if (state.currentId !== id) return;
    void renderCardView();
    map.fit(flag.bbox);
    map.show({ parcel: flag.geometry, changes: { type: 'FeatureCollection', features: [] }, footprints: flag.properties.permit_footprints ?? null });
    void api.changes(runId, flag.bbox).then((changes) => state.currentId === id && map.show({ parcel: flag.geometry, changes, footprints: flag.properties.permit_footprints ?? null }));
    // Prefetch the next flag's card so moving on is instant.
    const next = neighbour(state, 1, lockedByOthers);
    if (next !== null) void detailOf(next);
    if (canDecide && state.queue.find((q) => q.id === id)?.status === 'pending') {
      try {
        await api.lock(runId, id);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && state.currentId === id) {
          lockedByOthers.add(id);
          toast(t('lockedBy', { user: /by (\S+)/.exec(e.message)?.[1] ?? '?' }));
          await open(neighbour(state, direction, lockedByOthers), direction);
        }
      }
    }
  }

  async function refilter(patch: Partial<UrlState>): Promise<void> {
    url = { ...url, ...patch };
    await loadQueue();
  }

  async function loadQueue(preloaded?: FlagSummary[]): Promise<void> {
    const items = preloaded ?? (await api.flags(runId, flagQuery(url))).items;
    summaries.clear();
    for (const f of items) summaries.set(f.id, f);
    state = { ...initialState(runId, items.map((f) => ({ id: f.id, parcelId: f.parcelId, violation: f.violation, confidence: f.confidence, status: f.status })), loadOutbox(localStorage)), decidedByMe: state.decidedByMe };
    const wanted = url.flag !== null && items.some((f) => f.id === url.flag) ? url.flag : null;
    url = { ...url, flag: null };
    renderQueueView();
    await open(wanted ?? neighbour({ ...state, currentId: null }, 1, lockedByOthers) ?? items[0]?.id ?? null);
    void flush();
  }

  async function send(key: string): Promise<void> {
    const d = state.outbox.find((x) => x.key === key);
    if (!d) return;
    const started = performance.now();
    try {
      const result = await api.decide(d.runId, d.flagId, { outcome: d.outcome, legalCategory: d.legalCategory, note: d.note });
      timings.ackMs.push(performance.now() - started);
      details.set(d.flagId, Promise.resolve(result));
      state = acknowledged(state, key);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.status === 403 || e.status === 404 || e.status === 400)) {
        const fresh = await api.flag(d.runId, d.flagId).catch(() => null);
        details.delete(d.flagId);
        state = rejected(state, key, (fresh?.status ?? 'pending') as FlagStatus);
        toast(t('errorPrefix', { message: e.message }), 'error');
      } else {
        state = failed(state, key);
        toast(t('errorPrefix', { message: e instanceof Error ? e.message : String(e) }), 'error');
      }
    }
    persist();
    updateQueueItem(d.flagId);
    if (state.currentId === d.flagId) void renderCardView();
  }

  async function flush(): Promise<void> {
    for (const d of state.outbox.filter((x) => x.runId === runId)) await send(d.key);
  }

  async function showUsers(): Promise<void> {
    const { users } = await api.users();
    helpSlot.replaceChildren(
      renderUsers(t, users, (username, password, role) => {
        void api.addUser({ username, password, role }).then(
          (r) => (toast(t('userAdded', { user: r.user.username })), void showUsers()),
          (e: Error) => toast(t('errorPrefix', { message: e.message }), 'error'),
        );
      }, () => helpSlot.replaceChildren()),
    );
  }

  async function reopen(id: number): Promise<void> {
    const result = await api.reopen(runId, id).catch((e: Error) => (toast(t('errorPrefix', { message: e.message }), 'error'), null));
    if (!result) return;
    details.set(id, Promise.resolve(result));
    state = undone(state, id);
    updateQueueItem(id);
    void renderCardView();
  }

  async function undoLast(): Promise<void> {
    const id = state.decidedByMe.at(-1);
    if (id === undefined) return toast(t('nothingToUndo'));
    try {
      const result = await api.undo(runId, id);
      details.set(id, Promise.resolve(result));
      state = undone(state, id);
      toast(t('undone'));
      await open(id);
    } catch (e) {
      toast(t('errorPrefix', { message: (e as Error).message }), 'error');
    }
  }

  document.onkeydown = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, textarea, select')) return;
    const action = keyAction(e.key, e.code, e.ctrlKey || e.metaKey || e.altKey);
    if (!action) return;
    e.preventDefault();
    switch (action.kind) {
      case 'decide': {
        if (!canDecide) return toast(t('readOnly'));
        const r = decide(state, action.outcome, new Date().toISOString());
        if (!r) return;
        state = r.state;
        persist();
        updateQueueItem(r.decision.flagId);
        void renderCardView();
        // The decision shows at once; the map moves on when the server has it (or after 80 ms), so
        // the request is not held up behind the next flag's drawing.
        const sent = send(r.decision.key);
        void Promise.race([sent, new Promise((resolve) => setTimeout(resolve, 80))]).then(() => open(neighbour(state, 1, lockedByOthers) ?? state.currentId));
        return;
      }
      case 'category':
        state = setCategory(state, state.draft.legalCategory === action.category ? null : action.category);
        return void renderCardView();
      case 'note':
        return void cardSlot.querySelector<HTMLTextAreaElement>('textarea.note')?.focus();
      case 'next':
        return void open(neighbour(state, 1, lockedByOthers) ?? state.currentId, 1);
      case 'previous':
        return void open(neighbour(state, -1, lockedByOthers) ?? state.currentId, -1);
      case 'undo':
        return void undoLast();
      case 'toggle':
        return void map.toggleDate();
      case 'swipe':
        return void map.toggleSwipe();
      case 'fit': {
        const s = state.currentId === null ? undefined : summaries.get(state.currentId);
        return s ? map.fit(s.bbox, true) : undefined;
      }
      case 'retry':
        return void flush();
      case 'help':
        helpOpen = !helpOpen;
        return void helpSlot.replaceChildren(...(helpOpen ? [renderHelp(t)] : []));
      case 'escape':
        helpOpen = false;
        return void helpSlot.replaceChildren();
    }
  };
  window.setInterval(() => state.outbox.some((d) => d.runId === runId) && void flush(), 5000);
  await loadQueue(firstItems);
}

void boot().catch((e: Error) => root.replaceChildren(h('p', { class: 'error' }, t('errorPrefix', { message: e.message }))));
