import { describe, expect, it } from 'vitest';
import { keyAction } from './keys.js';

describe('keyAction', () => {
  it('maps the review keys, on a Latin and on a Persian keyboard layout', () => {
    expect(keyAction('c', 'KeyC')).toEqual({ kind: 'decide', outcome: 'confirmed' });
    expect(keyAction('ز', 'KeyC')).toEqual({ kind: 'decide', outcome: 'confirmed' }); // Persian layout, same key
    expect(keyAction('d', 'KeyD')).toEqual({ kind: 'decide', outcome: 'dismissed' });
    expect(keyAction('f', 'KeyF')).toEqual({ kind: 'decide', outcome: 'field-visit' });
    expect(keyAction('3', 'Digit3')).toEqual({ kind: 'category', category: 3 });
    expect(keyAction('۳', 'Digit3')).toEqual({ kind: 'category', category: 3 });
    expect(keyAction('j', 'KeyJ')).toEqual({ kind: 'next' });
    expect(keyAction('k', 'KeyK')).toEqual({ kind: 'previous' });
    expect(keyAction('?', 'Slash')).toEqual({ kind: 'help' });
    expect(keyAction('Escape', 'Escape')).toEqual({ kind: 'escape' });
  });

  it('ignores other keys, 0 and 7-9, and anything with Ctrl, Alt or Meta', () => {
    expect(keyAction('x', 'KeyX')).toBeNull();
    expect(keyAction('7', 'Digit7')).toBeNull();
    expect(keyAction('0', 'Digit0')).toBeNull();
    expect(keyAction('c', 'KeyC', true)).toBeNull();
  });
});
