import type { FlagRanking } from '@payesh/contract';
import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { describeReason, formatProbability } from '../rank-format.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The learned ranking on the card: the chance an inspector confirms, and the reasons that moved it most. Nothing without one. */
export function renderRanking(ranking: FlagRanking | null, t: T, lang: Lang): HTMLElement | null {
  if (!ranking) return null;
  return h(
    'section',
    { class: 'ranking', dataset: { probability: String(ranking.probability), model: ranking.modelVersion } },
    h(
      'p',
      { class: 'probability' },
      h('span', {}, t('rank.probability')),
      ' ',
      h('strong', {}, formatProbability(ranking.probability, lang)),
    ),
    ranking.reasons.length
      ? h(
          'ul',
          { class: 'reasons', 'aria-label': t('rank.reasons') },
          ...ranking.reasons.slice(0, 3).map((r) => {
            const d = describeReason(r, t);
            return h(
              'li',
              { class: d.direction, title: d.title, dataset: { column: r.column } },
              h('span', { class: 'arrow', 'aria-hidden': 'true' }, d.arrow),
              ' ',
              d.label,
              h('span', { class: 'visually-hidden' }, ` (${d.title})`),
            );
          }),
        )
      : null,
  );
}
