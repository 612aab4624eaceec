import { describe, expectTypeOf, it } from 'vitest';
import type { FlagCategory as CoreFlagCategory, Violation as CoreViolation } from '@payesh/core';
import type { ListsEvery } from './lists-every.js';
import type { FlagStatus, Outcome } from './status.js';
import type { FlagCategory, Violation } from './violation.js';

describe("the contract's lists", () => {
  it("hold exactly core's unions", () => {
    expectTypeOf<Violation>().toEqualTypeOf<CoreViolation>();
    expectTypeOf<FlagCategory>().toEqualTypeOf<CoreFlagCategory>();
    expectTypeOf<Outcome>().toEqualTypeOf<Exclude<FlagStatus, 'pending'>>();
  });

  it('ListsEvery names a member left out of a list', () => {
    const all = ['pending', 'confirmed', 'dismissed', 'field-visit'] as const;
    const some = ['pending', 'confirmed'] as const;
    expectTypeOf<ListsEvery<FlagStatus, typeof all>>().toEqualTypeOf<true>();
    expectTypeOf<ListsEvery<FlagStatus, typeof some>>().toEqualTypeOf<{
      readonly missing: 'dismissed' | 'field-visit';
    }>();
  });
});
