import type { FlagDetail, FlagPage, FlagSummary, Outcome, RunInfo, StatusCounts, User } from '@payesh/contract';
import { ApiError, type Api } from '../api.js';
import type { KeyAction } from '../keys.js';
import type { MessageKey } from '../messages/en.js';
import { loadOutbox, saveOutbox } from '../outbox-storage.js';
import {
  acknowledged,
  appendQueue,
  decide,
  failed,
  initialState,
  neighbour,
  previous,
  recount,
  rejected,
  select,
  setCategory,
  setNote,
  undone,
  type QueueItem,
  type ReviewState,
} from '../review-state.js';
import type { Timings } from '../timings.js';
import { flagQuery, QUEUE_PAGE, type UrlState } from '../url-state.js';

type BBox = readonly [number, number, number, number];

/** What the controller needs of the map: move, draw a flag's outlines, warm tiles, switch dates. */
export interface MapPort {
  fit(bbox: BBox, animate?: boolean): void;
  show(overlays: {
    parcel: GeoJSON.Geometry | null;
    changes: GeoJSON.FeatureCollection;
    footprints: GeoJSON.MultiPolygon | null;
  }): void;
  prefetch(bbox: BBox, signal: AbortSignal): Promise<void>;
  toggleDate(): void;
  toggleSwipe(): void;
}

/** What changed, for the views to redraw just that. */
export type ReviewEvent =
  | { readonly kind: 'queue' }
  | { readonly kind: 'item'; readonly id: number }
  | { readonly kind: 'current'; readonly previous: number | null }
  | { readonly kind: 'card' }
  | { readonly kind: 'counts' }
  | { readonly kind: 'outbox' }
  | { readonly kind: 'url' }
  | {
      readonly kind: 'toast';
      readonly key: MessageKey;
      readonly params?: Record<string, string | number>;
      readonly error?: boolean;
    };

export interface ReviewDeps {
  readonly api: Api;
  readonly run: RunInfo;
  readonly user: User;
  readonly map: MapPort;
  readonly timings: Timings;
  readonly storage: Storage;
  readonly url: UrlState;
  readonly emit: (event: ReviewEvent) => void;
}

const EMPTY_COUNTS: StatusCounts = { pending: 0, confirmed: 0, dismissed: 0, 'field-visit': 0 };
const SYNC_MS = 5000;

/**
 * The review screen's behaviour without its DOM: the queue (loaded page by page), the counts, the
 * current flag and its lock, decisions with their outbox and its sync, undo, prefetching the next flag.
 * Views listen to its events; one controller lives as long as the signed-in screen (a language switch
 * re-renders the views and keeps it).
 */
export class ReviewController {
  state: ReviewState;
  counts: StatusCounts = EMPTY_COUNTS;
  url: UrlState;
  /** True once every page of the queue is loaded. */
  complete = false;
  readonly summaries = new Map<number, FlagSummary>();
  readonly canDecide: boolean;
  private readonly details = new Map<number, Promise<FlagDetail>>();
  private readonly lockedByOthers = new Set<number>();
  private prefetching = new AbortController();
  private loading = new AbortController();
  private rest: Promise<void> = Promise.resolve();
  private navStarted = 0;
  private ticks = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly deps: ReviewDeps) {
    this.url = deps.url;
    this.canDecide = deps.user.role === 'inspector' || deps.user.role === 'supervisor';
    this.state = initialState(deps.run.id, []);
    this.timer = setInterval(() => this.tick(), SYNC_MS);
  }

  get runId(): string {
    return this.deps.run.id;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.loading.abort();
    this.prefetching.abort();
  }

  detailOf(id: number): Promise<FlagDetail> {
    let d = this.details.get(id);
    if (!d) this.details.set(id, (d = this.deps.api.flag(this.runId, id)));
    d.catch(() => this.details.delete(id));
    return d;
  }

  /** True while the current flag's decision is unsent. */
  saving(id: number): boolean {
    return this.state.outbox.some((d) => d.flagId === id && d.runId === this.runId);
  }

  unsent(): number {
    return this.state.outbox.filter((d) => d.runId === this.runId && d.attempts > 0).length;
  }

  async refilter(patch: Partial<UrlState>): Promise<void> {
    this.url = { ...this.url, ...patch, flag: null };
    await this.loadQueue();
  }

  /** The queue and the cards fetched again, the current flag kept (the run's ranking changed: order and probabilities). */
  async reload(): Promise<void> {
    this.details.clear();
    this.url = { ...this.url, flag: this.state.currentId };
    await this.loadQueue();
  }

  /** The first page (given when fetched alongside the run), the current flag opened, the rest in the background. */
  async loadQueue(first?: FlagPage): Promise<void> {
    this.loading.abort();
    const loading = (this.loading = new AbortController());
    const page = first ?? (await this.deps.api.flags(this.runId, flagQuery(this.url, this.canDecide)));
    if (loading.signal.aborted) return;
    this.summaries.clear();
    this.state = {
      ...initialState(this.runId, [], loadOutbox(this.deps.storage)),
      decidedByMe: this.state.decidedByMe,
    };
    this.counts = page.counts;
    this.complete = false;
    this.append(page.items);
    const wanted = this.url.flag !== null && page.items.some((f) => f.id === this.url.flag) ? this.url.flag : null;
    this.deps.emit({ kind: 'counts' });
    this.rest = this.loadRest(page.items, loading.signal);
    await this.open(
      wanted ?? neighbour({ ...this.state, currentId: null }, 1, this.lockedByOthers) ?? page.items[0]?.id ?? null,
    );
    void this.flush();
  }

  private append(items: readonly FlagSummary[]): void {
    for (const f of items) this.summaries.set(f.id, f);
    const queue: QueueItem[] = items.map((f) => ({
      id: f.id,
      parcelId: f.parcelId,
      violation: f.violation,
      confidence: f.confidence,
      status: f.status,
    }));
    this.state = appendQueue(this.state, queue);
    this.deps.emit({ kind: 'queue' });
  }

  private async loadRest(items: readonly FlagSummary[], signal: AbortSignal): Promise<void> {
    let last = items;
    while (last.length === QUEUE_PAGE && !signal.aborted) {
      const page = await this.deps.api
        .flags(this.runId, flagQuery(this.url, this.canDecide, last.at(-1)!.id))
        .catch(() => null);
      if (!page || signal.aborted) return;
      this.append(page.items);
      last = page.items;
    }
    if (!signal.aborted) this.complete = true;
  }

  /** The next pending flag; at the end of what is loaded, waits for the rest of the queue. */
  private async nextId(): Promise<number | null> {
    const id = neighbour(this.state, 1, this.lockedByOthers);
    if (id !== null || this.complete) return id;
    await this.rest;
    return neighbour(this.state, 1, this.lockedByOthers);
  }

  async open(id: number | null, direction: 1 | -1 = 1): Promise<void> {
    this.navStarted = performance.now();
    this.prefetching.abort();
    const before = this.state.currentId;
    this.state = select(this.state, id);
    this.deps.emit({ kind: 'url' });
    this.deps.emit({ kind: 'current', previous: before });
    if (id === null) return this.deps.emit({ kind: 'card' });
    const flag = await this.detailOf(id);
    if (this.state.currentId !== id) return;
    this.deps.emit({ kind: 'card' });
    const overlays = { parcel: flag.geometry, footprints: flag.properties.permit_footprints ?? null };
    this.deps.map.fit(flag.bbox);
    this.deps.map.show({ ...overlays, changes: { type: 'FeatureCollection', features: [] } });
    void this.deps.api
      .changes(this.runId, flag.bbox)
      .then((changes) => this.state.currentId === id && this.deps.map.show({ ...overlays, changes }));
    const next = neighbour(this.state, 1, this.lockedByOthers);
    if (next !== null) void this.detailOf(next); // the next card is instant
    if (this.canDecide && this.state.queue.find((q) => q.id === id)?.status === 'pending')
      await this.lock(id, direction);
  }

  private async lock(id: number, direction: 1 | -1): Promise<void> {
    try {
      await this.deps.api.lock(this.runId, id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && this.state.currentId === id) {
        this.lockedByOthers.add(id);
        this.deps.emit({ kind: 'toast', key: 'lockedBy', params: { user: /by (\S+)/.exec(e.message)?.[1] ?? '?' } });
        await this.open(
          direction === 1 ? await this.nextId() : neighbour(this.state, -1, this.lockedByOthers),
          direction,
        );
      }
    }
  }

  /** The map drew the current view: record the timing and warm the next flag's chips, then its tiles. */
  mapIdle(): void {
    if (this.state.currentId === null) return;
    const timings = this.deps.timings;
    if (!timings.firstImageryAt && timings.signedInAt) timings.firstImageryAt = performance.now();
    if (this.navStarted) timings.navigationMs.push(performance.now() - this.navStarted), (this.navStarted = 0);
    const next = neighbour(this.state, 1, this.lockedByOthers);
    const summary = next === null ? undefined : this.summaries.get(next);
    this.prefetching.abort();
    const prefetching = (this.prefetching = new AbortController());
    if (!summary) return;
    const chips = ['before', 'after', 'change'].map(
      (l) => `/api/runs/${encodeURIComponent(this.runId)}/flags/${summary.id}/chip/${l}.png`,
    );
    const get = (u: string) =>
      fetch(u, { credentials: 'same-origin', signal: prefetching.signal })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
    void Promise.all(chips.map(get)).then(() => this.deps.map.prefetch(summary.bbox, prefetching.signal));
  }

  /** One key or button. Help and escape belong to the views. */
  act(action: KeyAction): void {
    switch (action.kind) {
      case 'decide':
        return this.decide(action.outcome);
      case 'category':
        this.state = setCategory(
          this.state,
          this.state.draft.legalCategory === action.category ? null : action.category,
        );
        return this.deps.emit({ kind: 'card' });
      case 'next':
        return void this.nextId().then((id) => this.open(id ?? this.state.currentId, 1));
      case 'previous':
        return void this.open(previous(this.state, this.lockedByOthers) ?? this.state.currentId, -1);
      case 'undo':
        return void this.undoLast();
      case 'toggle':
        return this.deps.map.toggleDate();
      case 'swipe':
        return this.deps.map.toggleSwipe();
      case 'fit': {
        const s = this.state.currentId === null ? undefined : this.summaries.get(this.state.currentId);
        return s ? this.deps.map.fit(s.bbox, true) : undefined;
      }
      case 'retry':
        return void this.flush();
      default:
        return;
    }
  }

  setNote(text: string): void {
    this.state = setNote(this.state, text);
    this.deps.emit({ kind: 'card' });
  }

  private decide(outcome: Outcome): void {
    if (!this.canDecide) return this.deps.emit({ kind: 'toast', key: 'readOnly' });
    const r = decide(this.state, outcome, new Date().toISOString());
    if (!r) return;
    this.state = r.state;
    this.counts = recount(this.counts, 'pending', outcome);
    this.persist();
    this.deps.emit({ kind: 'item', id: r.decision.flagId });
    this.deps.emit({ kind: 'card' });
    // The decision shows at once; the map moves on when the server has it (or after 80 ms), so the
    // request is not held up behind the next flag's drawing.
    const sent = this.send(r.decision.key);
    void Promise.race([sent, new Promise((resolve) => setTimeout(resolve, 80))])
      .then(() => this.nextId())
      .then((id) => this.open(id ?? this.state.currentId));
  }

  private persist(): void {
    saveOutbox(this.deps.storage, this.state.outbox);
  }

  private async send(key: string): Promise<void> {
    const d = this.state.outbox.find((x) => x.key === key);
    if (!d) return;
    const started = performance.now();
    try {
      const result = await this.deps.api.decide(d.runId, d.flagId, {
        outcome: d.outcome,
        legalCategory: d.legalCategory,
        note: d.note,
      });
      this.deps.timings.ackMs.push(performance.now() - started);
      this.details.set(d.flagId, Promise.resolve(result));
      this.state = acknowledged(this.state, key);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof ApiError && [400, 403, 404, 409].includes(e.status)) {
        const fresh = await this.deps.api.flag(d.runId, d.flagId).catch(() => null);
        this.details.delete(d.flagId);
        const status = fresh?.status ?? 'pending';
        this.state = rejected(this.state, key, status);
        this.counts = recount(this.counts, d.outcome, status);
      } else this.state = failed(this.state, key);
      this.deps.emit({ kind: 'toast', key: 'errorPrefix', params: { message }, error: true });
    }
    this.persist();
    this.deps.emit({ kind: 'item', id: d.flagId });
    this.deps.emit({ kind: 'outbox' });
    if (this.state.currentId === d.flagId) this.deps.emit({ kind: 'card' });
  }

  async flush(): Promise<void> {
    for (const d of this.state.outbox.filter((x) => x.runId === this.runId)) await this.send(d.key);
  }

  /** Every few seconds: unsent decisions again; now and then the counts, so others' progress shows. */
  private tick(): void {
    if (this.state.outbox.some((d) => d.runId === this.runId)) void this.flush();
    if (++this.ticks % 6 === 0) void this.refreshCounts();
  }

  async refreshCounts(): Promise<void> {
    const query = new URLSearchParams(flagQuery(this.url, this.canDecide));
    query.set('pageSize', '1');
    const page = await this.deps.api.flags(this.runId, query.toString()).catch(() => null);
    if (!page || this.state.outbox.some((d) => d.runId === this.runId)) return; // unsent decisions are not in the server's counts yet
    this.counts = page.counts;
    this.deps.emit({ kind: 'counts' });
  }

  async reopen(id: number): Promise<void> {
    const result = await this.deps.api
      .reopen(this.runId, id)
      .catch(
        (e: Error) => (
          this.deps.emit({ kind: 'toast', key: 'errorPrefix', params: { message: e.message }, error: true }), null
        ),
      );
    if (result) this.afterUndo(id, result);
  }

  private afterUndo(id: number, result: FlagDetail): void {
    const was = this.state.queue.find((q) => q.id === id)?.status;
    this.details.set(id, Promise.resolve(result));
    this.state = undone(this.state, id);
    if (was) this.counts = recount(this.counts, was, 'pending');
    this.deps.emit({ kind: 'item', id });
    this.deps.emit({ kind: 'card' });
  }

  private async undoLast(): Promise<void> {
    const id = this.state.decidedByMe.at(-1);
    if (id === undefined) return this.deps.emit({ kind: 'toast', key: 'nothingToUndo' });
    try {
      this.afterUndo(id, await this.deps.api.undo(this.runId, id));
      this.deps.emit({ kind: 'toast', key: 'undone' });
      await this.open(id);
    } catch (e) {
      this.deps.emit({ kind: 'toast', key: 'errorPrefix', params: { message: (e as Error).message }, error: true });
    }
  }
}
