import { describe, expect, it } from 'vitest';
import { EMPTY_URL_STATE, flagQuery, formatHash, parseHash } from './url-state.js';

describe('url state', () => {
  it('round-trips run, flag, filters and language', () => {
    const s = {
      ...EMPTY_URL_STATE,
      run: 'khoy-2024',
      flag: 12,
      violation: 'no-permit',
      district: 'منطقه ۱',
      min: 0.5,
      sort: 'area' as const,
      lang: 'fa' as const,
    };
    expect(parseHash(formatHash(s))).toEqual(s);
    expect(formatHash(EMPTY_URL_STATE)).toBe('');
  });

  it('ignores malformed parts', () => {
    expect(parseHash('#flag=-3&min=7&lang=de&run=&sort=random')).toEqual(EMPTY_URL_STATE);
  });

  it('builds the flags query: pending by default for inspectors, confirmed for readers, any status for "all"', () => {
    expect(flagQuery({ ...EMPTY_URL_STATE, violation: 'exceeds-permit', min: 0.4 }, true)).toBe(
      'pageSize=200&sort=queue&violation=exceeds-permit&status=pending&min=0.4',
    );
    expect(flagQuery(EMPTY_URL_STATE, true, 42)).toBe(
      'pageSize=200&sort=queue&after=42&category=violation%2Ccandidate&status=pending',
    );
    expect(flagQuery(EMPTY_URL_STATE, false)).toBe(
      'pageSize=200&sort=queue&category=violation%2Ccandidate&status=confirmed',
    );
    expect(flagQuery({ ...EMPTY_URL_STATE, status: 'all' }, true)).toBe(
      'pageSize=200&sort=queue&category=violation%2Ccandidate',
    );
  });

  it('sorts as the review queue does unless the address names another order', () => {
    expect(flagQuery({ ...EMPTY_URL_STATE, sort: 'confidence' }, true)).toBe(
      'pageSize=200&sort=confidence&category=violation%2Ccandidate&status=pending',
    );
    expect(parseHash('#sort=queue').sort).toBe('queue');
  });
});
