import type { ListsEvery, Role, UserListing } from '@payesh/contract';
import type { MessageKey } from '../messages/en.js';
import { h } from './dom.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
/** Every role, in the menu's order (the web imports only the contract's types: checked against them). */
const ROLES = ['inspector', 'supervisor', 'planner', 'admin'] as const satisfies readonly Role[];
true satisfies ListsEvery<Role, typeof ROLES>;

/** Administrators: the users, and a form to add one. */
export function renderUsers(
  t: T,
  users: readonly UserListing[],
  onAdd: (username: string, password: string, role: Role) => void,
  onClose: () => void,
): HTMLElement {
  const name = h('input', { name: 'new-username', required: true, dir: 'ltr' });
  const pass = h('input', { name: 'new-password', type: 'password', required: true, minlength: 12, dir: 'ltr' });
  const role = h(
    'select',
    { name: 'new-role' },
    ...ROLES.map((r) => h('option', { value: r }, t(`role.${r}` as MessageKey))),
  );
  return h(
    'div',
    { class: 'help users', role: 'dialog', 'aria-label': t('users') },
    h('h2', {}, t('users')),
    h(
      'table',
      { class: 'permits' },
      h(
        'tbody',
        {},
        ...users.map((u) =>
          h('tr', {}, h('td', { dir: 'ltr' }, u.username), h('td', {}, t(`role.${u.role}` as MessageKey))),
        ),
      ),
    ),
    h(
      'form',
      {
        class: 'add-user',
        onsubmit: (e: Event) => (e.preventDefault(), onAdd(name.value, pass.value, role.value as Role)),
      },
      h('label', {}, t('username'), name),
      h('label', {}, t('password'), pass),
      h('label', {}, t('role'), role),
      h('button', { type: 'submit' }, t('addUser')),
    ),
    h('button', { type: 'button', class: 'link', onclick: onClose }, t('close')),
  );
}
