import { iso, transaction, type Store } from './store.js';
import { userNameKey } from './user-names.js';

/** When sign-in attempts wait: per account and per address, doubling waits, kept in the store (they survive restarts). */
export interface SignInLimits {
  /** Failures of one account name before it waits. */
  readonly account: number;
  /** Failures from one address before it waits (higher: many people share one address behind a NAT or proxy). */
  readonly ip: number;
  /** The first wait; each further failure doubles it... */
  readonly firstWaitSeconds: number;
  /** ...up to this. */
  readonly maxWaitSeconds: number;
  /** A counter without a failure for this long starts from zero again. */
  readonly forgetSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  account: 5,
  ip: 50,
  firstWaitSeconds: 1,
  maxWaitSeconds: 15 * 60,
  forgetSeconds: 24 * 3600,
};

/** Who is signing in: the name typed (unknown names count the same as known ones) and the client's address. */
export interface SignInAttempt {
  readonly username: string;
  readonly ip: string;
}

interface Counter {
  failures: number;
  blocked_until: string | null;
}

const scopes = (a: SignInAttempt, limits: SignInLimits) =>
  [
    { scope: 'account', key: userNameKey(a.username), threshold: limits.account },
    { scope: 'ip', key: a.ip, threshold: limits.ip },
  ] as const;

/**
 * Before a password is checked: the seconds to wait when the account or the address is waiting, else 0,
 * the attempt then counted as a failure (in one transaction, so parallel guesses are counted too) until
 * `signInSucceeded` takes it back.
 */
export function beginSignIn(
  store: Store,
  attempt: SignInAttempt,
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<number> {
  return counting(store, attempt, limits, async (tx) => {
    const now = store.now().getTime();
    await tx.sql.run('DELETE FROM sign_in_failures WHERE last_at < ?', [iso(store, -limits.forgetSeconds)]);
    const counters = [];
    for (const s of scopes(attempt, limits))
      counters.push({
        ...s,
        row: await tx.sql.get<Counter>(
          'SELECT failures, blocked_until FROM sign_in_failures WHERE scope = ? AND key = ?',
          [s.scope, s.key],
        ),
      });
    const waitMs = Math.max(
      0,
      ...counters.map((c) => (c.row?.blocked_until ? Date.parse(c.row.blocked_until) - now : 0)),
    );
    if (waitMs > 0) return Math.ceil(waitMs / 1000);
    for (const c of counters) {
      const failures = (c.row?.failures ?? 0) + 1;
      const wait =
        failures >= c.threshold
          ? Math.min(limits.firstWaitSeconds * 2 ** (failures - c.threshold), limits.maxWaitSeconds)
          : 0;
      await tx.sql.run(
        'INSERT INTO sign_in_failures (scope, key, failures, last_at, blocked_until) VALUES (@scope, @key, @failures, @now, @until) ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at, blocked_until = excluded.blocked_until',
        { scope: c.scope, key: c.key, failures, now: iso(store), until: wait > 0 ? iso(store, wait) : null },
      );
    }
    return 0;
  });
}

/** The password was right: the account starts from zero, the address's count loses this attempt. */
export function signInSucceeded(
  store: Store,
  attempt: SignInAttempt,
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<void> {
  return counting(store, attempt, limits, async (tx) => {
    await tx.sql.run("DELETE FROM sign_in_failures WHERE scope = 'account' AND key = ?", [
      userNameKey(attempt.username),
    ]);
    await tx.sql.run(
      "UPDATE sign_in_failures SET failures = failures - 1, blocked_until = CASE WHEN failures - 1 >= ? THEN blocked_until END WHERE scope = 'ip' AND key = ?",
      [limits.ip, attempt.ip],
    );
  });
}

/**
 * One transaction holding the attempt's counters (account and address, in a fixed order): parallel
 * attempts, also on two servers, are each counted.
 */
const counting = <T>(
  store: Store,
  attempt: SignInAttempt,
  limits: SignInLimits,
  fn: (tx: Store) => Promise<T>,
): Promise<T> =>
  transaction(store, async (tx) => {
    for (const s of scopes(attempt, limits)) await tx.sql.lock(`sign-in:${s.scope}:${s.key}`);
    return fn(tx);
  });
