import type { Outcome } from '@payesh/contract';

/** What a key press asks for; null when the key means nothing here. */
export type KeyAction =
  | { readonly kind: 'decide'; readonly outcome: Outcome }
  | { readonly kind: 'category'; readonly category: number }
  | { readonly kind: 'note' }
  | { readonly kind: 'next' }
  | { readonly kind: 'previous' }
  | { readonly kind: 'undo' }
  | { readonly kind: 'toggle' }
  | { readonly kind: 'swipe' }
  | { readonly kind: 'fit' }
  | { readonly kind: 'retry' }
  | { readonly kind: 'help' }
  | { readonly kind: 'escape' };

/** The keys help lists, in order (message key `key.<k>`). */
export const HELP_KEYS = ['c', 'd', 'f', 'n', 'digits', 'j', 'k', 'u', 't', 's', 'z', 'r', '?'] as const;

/**
 * The action of a key. Letters are matched by physical position too (`code`), so the keys work
 * on a Persian keyboard layout, and Persian digits choose categories like Latin ones.
 */
export function keyAction(key: string, code = '', modifiers = false): KeyAction | null {
  if (modifiers) return null;
  const letter = /^Key([A-Z])$/.exec(code)?.[1]?.toLowerCase() ?? key.toLowerCase();
  const digit =
    '۰۱۲۳۴۵۶۷۸۹'.indexOf(key) >= 0
      ? '۰۱۲۳۴۵۶۷۸۹'.indexOf(key)
      : /^Digit(\d)$/.test(code)
        ? Number(code.slice(5))
        : /^\d$/.test(key)
          ? Number(key)
          : -1;
  if (digit >= 1 && digit <= 6) return { kind: 'category', category: digit };
  if (key === '?' || (code === 'Slash' && key !== '/')) return { kind: 'help' };
  if (key === 'Escape') return { kind: 'escape' };
  switch (letter) {
    case 'c':
      return { kind: 'decide', outcome: 'confirmed' };
    case 'd':
      return { kind: 'decide', outcome: 'dismissed' };
    case 'f':
      return { kind: 'decide', outcome: 'field-visit' };
    case 'n':
      return { kind: 'note' };
    case 'j':
      return { kind: 'next' };
    case 'k':
      return { kind: 'previous' };
    case 'u':
      return { kind: 'undo' };
    case 't':
      return { kind: 'toggle' };
    case 's':
      return { kind: 'swipe' };
    case 'z':
      return { kind: 'fit' };
    case 'r':
      return { kind: 'retry' };
    default:
      return null;
  }
}
