import { HELP_KEYS } from '../keys.js';
import type { MessageKey } from '../messages/en.js';
import { h } from './dom.js';

type T = (key: MessageKey) => string;

export function renderHelp(t: T): HTMLElement {
  return h(
    'div',
    { class: 'help', role: 'dialog', 'aria-label': t('help') },
    h('h2', {}, t('help')),
    h(
      'dl',
      {},
      ...HELP_KEYS.flatMap((k) => [
        h('dt', {}, h('kbd', {}, k === 'digits' ? t('key.range') : k)),
        h('dd', {}, t(`key.${k}` as MessageKey)),
      ]),
    ),
    h('p', { class: 'muted' }, t('helpClose')),
  );
}
