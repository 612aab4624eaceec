import type { FlagSort, ListsEvery } from '@payesh/contract';
import type { Lang } from './i18n.js';

/** The queue's orders, as its menu lists them: the review queue's own first (the learned ranking while it is on). */
export const QUEUE_SORTS = ['queue', 'confidence', 'rank', 'area', 'parcel'] as const satisfies readonly FlagSort[];
true satisfies ListsEvery<FlagSort, typeof QUEUE_SORTS>;
/** The order when the address names none: the review queue's. */
export const DEFAULT_SORT: FlagSort = 'queue';

/** What the address bar keeps: run, flag, filters. Shareable and survives reloads. */
export interface UrlState {
  readonly run: string | null;
  readonly flag: number | null;
  readonly violation: string | null;
  readonly status: string | null;
  readonly district: string | null;
  readonly min: number | null;
  /** The queue's order; null: DEFAULT_SORT. */
  readonly sort: FlagSort | null;
  readonly lang: Lang | null;
}

export const EMPTY_URL_STATE: UrlState = {
  run: null,
  flag: null,
  violation: null,
  status: null,
  district: null,
  min: null,
  sort: null,
  lang: null,
};

/** Parses `#run=khoy&flag=12&violation=no-permit&min=0.5`; unknown or malformed parts are ignored. */
export function parseHash(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const num = (v: string | null): number | null =>
    v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
  const flag = num(p.get('flag'));
  const min = num(p.get('min'));
  const lang = p.get('lang');
  const sort = p.get('sort');
  return {
    run: p.get('run') || null,
    flag: flag !== null && Number.isInteger(flag) && flag > 0 ? flag : null,
    violation: p.get('violation') || null,
    status: p.get('status') || null,
    district: p.get('district') || null,
    min: min !== null && min >= 0 && min <= 1 ? min : null,
    sort: (QUEUE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as FlagSort) : null,
    lang: lang === 'fa' || lang === 'en' ? lang : null,
  };
}

/** The hash for a state, keys in a fixed order, empty parts left out. */
export function formatHash(s: UrlState): string {
  const p = new URLSearchParams();
  for (const key of ['run', 'flag', 'violation', 'status', 'district', 'min', 'sort', 'lang'] as const) {
    const v = s[key];
    if (v !== null && v !== undefined && v !== '') p.set(key, String(v));
  }
  const text = p.toString();
  return text ? `#${text}` : '';
}

/** The queue is loaded this many flags at a time (keyset pages: see `after`). */
export const QUEUE_PAGE = 200;

/** The status the queue shows when the address names none: pending for those who decide, confirmed for readers. */
export const statusShown = (s: UrlState, decides: boolean): string => s.status ?? (decides ? 'pending' : 'confirmed');

/** The flags API query for the filters of a state; `after` continues after that flag id. */
export function flagQuery(s: UrlState, decides: boolean, after: number | null = null): string {
  const p = new URLSearchParams({ pageSize: String(QUEUE_PAGE), sort: s.sort ?? DEFAULT_SORT });
  if (after !== null) p.set('after', String(after));
  if (s.violation) p.set('violation', s.violation);
  // Demolitions are information: listed only when asked for by violation.
  else p.set('category', 'violation,candidate');
  const status = statusShown(s, decides);
  if (status !== 'all') p.set('status', status);
  if (s.district) p.set('district', s.district);
  if (s.min !== null) p.set('min', String(s.min));
  return p.toString();
}
