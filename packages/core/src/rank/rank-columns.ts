import type { Violation } from '../parcels/flag.js';
import { FLAG_FEATURE_NAMES, type FlagFeatures } from '../parcels/flag-features.js';

/** What the learned ranker reads of one flag: its measured features and its own fields. */
export interface RankFlag {
  readonly confidence: number;
  readonly violation: Violation;
  readonly district: string | null;
  readonly features: FlagFeatures;
}

/** Violations as columns of their own (1 for the flag's), in this order. */
const VIOLATION_COLUMNS: readonly Violation[] = [
  'no-permit',
  'expired-permit',
  'exceeds-permit',
  'outside-footprint',
  'encroachment',
  'demolition',
];

/** Categories with many values, each read as its smoothed rate of confirmation among the decided flags. */
const CATEGORIES = {
  district: (f: RankFlag): string => f.district ?? '',
} as const;
type Category = keyof typeof CATEGORIES;
const CATEGORY_NAMES = Object.keys(CATEGORIES) as Category[];

/**
 * The ranker's columns, in order: the flag's confidence, its features, one column per violation, and
 * its district's rate of confirmation among the decided flags (smoothed towards the overall rate).
 */
export const RANK_COLUMNS: readonly string[] = [
  'confidence',
  ...FLAG_FEATURE_NAMES,
  ...VIOLATION_COLUMNS.map((v) => `violation:${v}`),
  ...CATEGORY_NAMES,
];

/** Per category value, the smoothed share of its decided flags that were confirmed; `prior` for others. */
export interface CategoryRates {
  readonly prior: number;
  readonly rates: Readonly<Record<Category, Readonly<Record<string, number>>>>;
}

/** How many decisions count as much as the overall rate in a category's rate. */
const SMOOTHING = 5;

type Counts = Map<string, [n: number, confirmed: number]>;

function countCategories(
  flags: readonly RankFlag[],
  labels: ArrayLike<number>,
): { prior: number; counts: Record<Category, Counts> } {
  const counts = Object.fromEntries(CATEGORY_NAMES.map((c) => [c, new Map()])) as Record<Category, Counts>;
  let confirmed = 0;
  flags.forEach((f, i) => {
    confirmed += labels[i]!;
    for (const c of CATEGORY_NAMES) {
      const key = CATEGORIES[c](f);
      const entry = counts[c].get(key) ?? [0, 0];
      entry[0]++;
      entry[1] += labels[i]!;
      counts[c].set(key, entry);
    }
  });
  return { prior: flags.length ? confirmed / flags.length : 0.5, counts };
}

const smoothed = (n: number, confirmed: number, prior: number): number =>
  (confirmed + SMOOTHING * prior) / (n + SMOOTHING);

/** The category rates of decided flags (label 1 confirmed). */
export function categoryRates(flags: readonly RankFlag[], labels: ArrayLike<number>): CategoryRates {
  const { prior, counts } = countCategories(flags, labels);
  const rates = Object.fromEntries(
    CATEGORY_NAMES.map((c) => [
      c,
      Object.fromEntries([...counts[c]].map(([key, [n, pos]]) => [key, smoothed(n, pos, prior)])),
    ]),
  ) as CategoryRates['rates'];
  return { prior, rates };
}

/** A missing value (no parcel, no permit) as a number no real value takes. */
const MISSING = -1;

/**
 * The columns of flags to predict, with the given rates; for training flags (labels given) each
 * flag's own decision is left out of its categories' rates, so that a rate cannot tell its label.
 */
export function rankColumns(
  flags: readonly RankFlag[],
  rates: CategoryRates,
  labels?: ArrayLike<number>,
): Float32Array[] {
  const n = flags.length;
  const columns = RANK_COLUMNS.map(() => new Float32Array(n));
  const counts = labels ? countCategories(flags, labels).counts : null;
  flags.forEach((f, i) => {
    let k = 0;
    columns[k++]![i] = f.confidence;
    for (const name of FLAG_FEATURE_NAMES) columns[k++]![i] = f.features[name] ?? MISSING;
    for (const v of VIOLATION_COLUMNS) columns[k++]![i] = f.violation === v ? 1 : 0;
    for (const c of CATEGORY_NAMES) {
      const key = CATEGORIES[c](f);
      const own = counts?.[c].get(key);
      columns[k++]![i] = own
        ? smoothed(own[0] - 1, own[1] - labels![i]!, rates.prior)
        : (rates.rates[c][key] ?? rates.prior);
    }
  });
  return columns;
}
