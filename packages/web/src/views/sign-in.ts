import type { Lang } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The sign-in form; `error` is the message to show, already in the page's language. */
export function renderSignIn(
  t: T,
  error: string | null,
  onSubmit: (username: string, password: string) => void,
  onLang: () => void,
  lang: Lang,
): HTMLElement {
  const user = h('input', { name: 'username', autocomplete: 'username', required: true, dir: 'ltr' });
  const pass = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    dir: 'ltr',
  });
  const form = h(
    'form',
    { class: 'sign-in', onsubmit: (e: Event) => (e.preventDefault(), onSubmit(user.value, pass.value)) },
    h('h1', {}, t('appName')),
    h('p', { class: 'tagline' }, t('tagline')),
    h('label', {}, t('username'), user),
    h('label', {}, t('password'), pass),
    error ? h('p', { class: 'error', role: 'alert' }, error) : null,
    h('button', { type: 'submit' }, t('signIn')),
    h('button', { type: 'button', class: 'link', lang: lang === 'fa' ? 'en' : 'fa', onclick: onLang }, t('language')),
  );
  return h('main', { class: 'sign-in-page' }, form);
}
