import { en, type MessageKey, type Messages } from './messages/en.js';
import { fa } from './messages/fa.js';
import { localDigits } from './format.js';

export type Lang = 'en' | 'fa';
export const LANGS: readonly Lang[] = ['en', 'fa'];
const CATALOGUES: Record<Lang, Messages> = { en, fa };

/** A translator for one language: `{name}` placeholders filled, numbers in that language's digits. */
export function translator(lang: Lang): (key: MessageKey, params?: Record<string, string | number>) => string {
  const messages = CATALOGUES[lang];
  return (key, params = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (_, name: string) =>
      name in params ? localDigits(String(params[name]), lang) : `{${name}}`,
    );
}

export const directionOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'fa' ? 'rtl' : 'ltr');
export type { MessageKey };
