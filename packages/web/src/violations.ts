import type { ListsEvery, Violation } from '@payesh/contract';

/** Every violation, in the menus' order (demolitions last: they are information); the contract's type checks the list. */
export const VIOLATIONS = [
  'no-permit',
  'expired-permit',
  'exceeds-permit',
  'outside-footprint',
  'encroachment',
  'demolition',
] as const satisfies readonly Violation[];
true satisfies ListsEvery<Violation, typeof VIOLATIONS>;
