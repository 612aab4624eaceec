import { bothCalendars, formatNumber } from '../format.js';
import type { Lang } from '../i18n.js';
import type { KeyAction } from '../keys.js';
import type { MessageKey } from '../messages/en.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface MapChromeContext {
  readonly t: T;
  readonly lang: Lang;
  readonly beforeOn: string | null;
  readonly afterOn: string | null;
  readonly onAct: (action: KeyAction) => void;
  readonly onHelp: () => void;
}

/**
 * What is written on the map: which date each side shows (CSS shows the label of the date on screen,
 * or both in swipe mode, from the map's data-date and data-mode), the buttons for its keys, a legend
 * of the outlines and a scale bar in the page's language.
 */
export function renderMapChrome(c: MapChromeContext): HTMLElement {
  const { t, lang } = c;
  const dated = (key: 'beforeOn' | 'afterOn', iso: string | null, side: 'before' | 'after') =>
    h('div', { class: `date-label ${side}` }, t(key, { date: iso ? bothCalendars(iso, lang) : '—' }));
  const tool = (label: MessageKey, key: string, onclick: () => void) =>
    h('button', { type: 'button', 'aria-keyshortcuts': key, onclick }, t(label), ' ', h('kbd', {}, key));
  const swatch = (cls: string, label: MessageKey) =>
    h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(label));
  return h(
    'div',
    { class: 'map-chrome' },
    dated('beforeOn', c.beforeOn, 'before'),
    dated('afterOn', c.afterOn, 'after'),
    h(
      'div',
      { class: 'map-tools' },
      tool('toggle', 'T', () => c.onAct({ kind: 'toggle' })),
      tool('swipe', 'S', () => c.onAct({ kind: 'swipe' })),
      tool('fit', 'Z', () => c.onAct({ kind: 'fit' })),
      h('button', { type: 'button', class: 'keys-hint', onclick: c.onHelp }, t('keysHint')),
    ),
    h(
      'figure',
      { class: 'legend' },
      h('figcaption', {}, t('legend')),
      h(
        'ul',
        {},
        swatch('parcel', 'legend.parcel'),
        swatch('changes', 'legend.changes'),
        swatch('footprint', 'legend.footprint'),
      ),
    ),
    h(
      'div',
      { class: 'scale', 'aria-label': 'scale' },
      h('span', { class: 'scale-bar' }),
      h('span', { class: 'scale-text' }),
    ),
  );
}

/** The scale bar for `metresPerPixel`: the longest round length (1, 2 or 5 x 10^k m) up to 120 px. */
export function updateScale(chrome: HTMLElement, metresPerPixel: number, t: T, lang: Lang): void {
  const longest = metresPerPixel * 120;
  const step = 10 ** Math.floor(Math.log10(longest));
  const metres = [5, 2, 1].map((m) => m * step).find((m) => m <= longest) ?? step;
  chrome.querySelector<HTMLElement>('.scale-bar')!.style.inlineSize = `${metres / metresPerPixel}px`;
  const text =
    metres >= 1000
      ? t('kilometres', { n: formatNumber(metres / 1000, lang) })
      : t('metres', { n: formatNumber(metres, lang, metres < 1 ? 1 : 0) });
  chrome.querySelector<HTMLElement>('.scale-text')!.textContent = text;
  (chrome.querySelector('.scale') as HTMLElement).dataset.metres = String(metres);
}
