/** How the learned ranking reads on screen: the probability, and each reason as words with its direction. */
import type { ListsEvery, RankingRecord, RankReason, Violation } from '@payesh/contract';
import type { FlagFeatures } from '@payesh/core';
import { formatNumber, formatPercent, formatTimestamp, isolate, ltr } from './format.js';
import type { Lang } from './i18n.js';
import type { MessageKey } from './messages/en.js';
import { VIOLATIONS } from './violations.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The ranker's columns that have a label of their own (`rank.column.<column>`); violations use the violation labels. */
export const RANK_LABELLED_COLUMNS = [
  'confidence',
  'score_mean',
  'score_max',
  'score_above_share',
  'area_m2',
  'compactness',
  'elongation',
  'holes',
  'parts',
  'parcel_changed_share',
  'outside_share',
  'edge_distance_m',
  'permitted_ratio',
  'removed_share',
  'green_change',
  'bright_change',
  'district',
] as const;
true satisfies ListsEvery<keyof FlagFeatures | 'confidence' | 'district', typeof RANK_LABELLED_COLUMNS>;
type LabelledColumn = (typeof RANK_LABELLED_COLUMNS)[number];

const VIOLATION_PREFIX = 'violation:';

/** A reason's column in the reader's words; a column this UI does not know shows as it is. */
export function reasonLabel(column: string, t: T): string {
  if ((RANK_LABELLED_COLUMNS as readonly string[]).includes(column))
    return t(`rank.column.${column as LabelledColumn}`);
  if (column.startsWith(VIOLATION_PREFIX)) {
    const v = column.slice(VIOLATION_PREFIX.length);
    const known = (VIOLATIONS as readonly string[]).includes(v);
    return t('rank.column.violation', { violation: known ? t(`violation.${v as Violation}`) : isolate(v) });
  }
  return isolate(column);
}

/** Whether a reason raised or lowered the probability (its effect in log-odds). */
export type ReasonDirection = 'raises' | 'lowers' | 'neutral';
export const reasonDirection = (effect: number): ReasonDirection =>
  effect > 0 ? 'raises' : effect < 0 ? 'lowers' : 'neutral';
/** The arrow drawn beside a reason: up raised the probability, down lowered it. */
export const REASON_ARROWS: Readonly<Record<ReasonDirection, string>> = { raises: '▲', lowers: '▼', neutral: '•' };

/** One reason as the card shows it: the arrow, the words, and the direction spelled out (for screen readers and tooltips). */
export function describeReason(
  reason: RankReason,
  t: T,
): { direction: ReasonDirection; arrow: string; label: string; title: string } {
  const direction = reasonDirection(reason.effect);
  return {
    direction,
    arrow: REASON_ARROWS[direction],
    label: reasonLabel(reason.column, t),
    title: t(`rank.${direction}`),
  };
}

/**
 * A probability as a whole percentage in the language's digits; below 1% and above 99% say so rather
 * than round to a certainty ("<1%", ">99%"; in Persian kept left to right, as inequalities are written,
 * so that the sign does not turn around in right-to-left text).
 */
export function formatProbability(p: number, lang: Lang): string {
  const bound = (sign: string, share: number) => {
    const text = `${sign}${formatPercent(share, lang)}`;
    return lang === 'fa' ? ltr(text) : text;
  };
  if (p > 0 && p < 0.01) return bound('<', 0.01);
  if (p < 1 && p > 0.99) return bound('>', 0.99);
  return formatPercent(Math.min(1, Math.max(0, p)), lang);
}

/** The lines that sum up a ranking for supervisors: when and by whom, applied or why not, precision, what it learned from. */
export function rankingSummary(r: RankingRecord, decisionsSince: number, t: T, lang: Lang): string[] {
  const ap = (v: number | null) => (v === null ? '—' : formatNumber(v, lang, 2));
  return [
    t('ranking.latest', {
      when: isolate(formatTimestamp(r.at, lang)),
      by: isolate(r.by ?? t(r.source === 'cli' ? 'ranking.byCli' : 'ranking.byServer')),
    }),
    r.applied
      ? t('ranking.applied', { n: formatNumber(r.ranked, lang) })
      : t('ranking.notApplied', { reason: r.reason ?? '—' }),
    t('ranking.precision', { model: ap(r.averagePrecision), baseline: ap(r.baselineAveragePrecision) }),
    t('ranking.learned', { decided: formatNumber(r.decided, lang), confirmed: formatNumber(r.confirmed, lang) }),
    t('ranking.since', { n: formatNumber(decisionsSince, lang) }),
  ];
}
