import { ConflictError, ForbiddenError, InputError, NotFoundError } from '@payesh/core';
import {
  migrateFlagProperties,
  OUTCOMES,
  type Decision,
  type DecisionBody,
  type FlagDetail,
  type FlagStatus,
  type Lock,
  type Outcome,
  type User,
} from '@payesh/contract';
import { recordAudit } from './audit.js';
import { FLAG_COLUMNS, flagFilter, flagRow, QUEUE_KEY, toFlagSummary, type FlagQuery, type FlagRow } from './flags.js';
import { flagRanking } from './flag-ranking.js';
import { iso, transaction, type Store } from './store.js';

/** How long a parcel stays reserved for the inspector who took it (renewed by taking it again). */
export const LOCK_SECONDS = 10 * 60;

interface DecisionRow {
  id: number;
  flag_id: number;
  user_id: number;
  username: string;
  outcome: Outcome;
  legal_category: number | null;
  note: string | null;
  decided_at: string;
  superseded_at: string | null;
  validated_by: number | null;
  validated_at: string | null;
}

const toDecision = (r: DecisionRow): Decision => ({
  id: r.id,
  flagId: r.flag_id,
  userId: r.user_id,
  username: r.username,
  outcome: r.outcome,
  legalCategory: r.legal_category,
  note: r.note,
  decidedAt: r.decided_at,
  supersededAt: r.superseded_at,
  validatedBy: r.validated_by,
  validatedAt: r.validated_at,
});

async function decisionsOf(store: Store, flagId: number): Promise<Decision[]> {
  return (
    await store.sql.all<DecisionRow>(
      'SELECT d.*, u.username FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.flag_id = ? ORDER BY d.id',
      [flagId],
    )
  ).map(toDecision);
}

async function activeLock(store: Store, flagId: number): Promise<Lock | null> {
  const row = await store.sql.get<{ user_id: number; expires_at: string; username: string }>(
    'SELECT l.user_id, l.expires_at, u.username FROM locks l JOIN users u ON u.id = l.user_id WHERE l.flag_id = ? AND l.expires_at > ?',
    [flagId, iso(store)],
  );
  return row ? { userId: row.user_id, username: row.username, expiresAt: row.expires_at } : null;
}

const detailOf = async (store: Store, row: FlagRow): Promise<FlagDetail> => ({
  ...toFlagSummary(row),
  properties: migrateFlagProperties(JSON.parse(row.properties)),
  geometry: JSON.parse(row.geometry),
  decisions: await decisionsOf(store, row.id),
  lock: await activeLock(store, row.id),
  ranking: flagRanking(row),
});

export async function getFlag(store: Store, runId: string, id: number): Promise<FlagDetail> {
  return detailOf(store, await flagRow(store, runId, id));
}

/**
 * Runs a review action on a run's flags in one transaction that holds the run's key: SQLite's
 * transactions are serial anyway; on PostgreSQL two servers' actions on one run wait for each other
 * (an advisory lock), and each statement after it sees what the one before committed, so that no flag
 * is locked by two users nor decided twice.
 */
export const reviewing = <T>(store: Store, runId: string, fn: (tx: Store) => Promise<T>): Promise<T> =>
  transaction(store, async (tx) => {
    await tx.sql.lock(`run:${runId}`);
    return fn(tx);
  });

/**
 * The next pending flag of the queue (highest learned probability first while the run's ranking is on,
 * then highest confidence) that nobody else holds, locked for
 * `user` for LOCK_SECONDS; null when none is left. Information flags (demolitions) are not queued.
 */
export function takeNextFlag(store: Store, runId: string, user: User, q: FlagQuery = {}): Promise<FlagDetail | null> {
  return reviewing(store, runId, async (tx) => {
    const { where, params } = flagFilter(runId, { ...q, status: ['pending'] }, tx.sql.dialect);
    const row = await tx.sql.get<FlagRow>(
      `SELECT ${FLAG_COLUMNS} FROM flags WHERE ${where} AND category != 'information' AND id NOT IN (SELECT flag_id FROM locks WHERE expires_at > @now AND user_id != @user)
        ORDER BY (id IN (SELECT flag_id FROM locks WHERE user_id = @user AND expires_at > @now)) DESC, ${QUEUE_KEY} DESC, confidence DESC, rank, id LIMIT 1`,
      { ...params, now: iso(store), user: user.id },
    );
    if (!row) return null;
    await lockFor(tx, row.id, user);
    return detailOf(tx, row);
  });
}

async function lockFor(store: Store, flagId: number, user: User): Promise<void> {
  await store.sql.run(
    'INSERT INTO locks (flag_id, user_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (flag_id) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at',
    [flagId, user.id, iso(store, LOCK_SECONDS)],
  );
}

/** Takes (or renews) the lock of one flag; refused while someone else holds it. */
export function lockFlag(store: Store, runId: string, id: number, user: User): Promise<Lock> {
  return reviewing(store, runId, async (tx) => {
    await flagRow(tx, runId, id);
    const held = await activeLock(tx, id);
    if (held && held.userId !== user.id)
      throw new ConflictError(`flag ${id} is being reviewed by ${held.username} until ${held.expiresAt}`);
    await lockFor(tx, id, user);
    return (await activeLock(tx, id))!;
  });
}

/**
 * Records an inspector's decision. Refused while another inspector holds the flag, and when the flag
 * is already decided (a supervisor reopens it, or its author undoes it). Committed (and so durable)
 * before the promise resolves.
 */
export async function decideFlag(
  store: Store,
  runId: string,
  id: number,
  user: User,
  input: DecisionBody,
): Promise<FlagDetail> {
  if (!OUTCOMES.includes(input.outcome)) throw new InputError(`outcome must be one of ${OUTCOMES.join(', ')}`);
  return reviewing(store, runId, async (tx) => {
    const row = await flagRow(tx, runId, id);
    const held = await activeLock(tx, id);
    if (held && held.userId !== user.id) throw new ConflictError(`flag ${id} is being reviewed by ${held.username}`);
    if (row.status !== 'pending')
      throw new ConflictError(`flag ${id} is already ${row.status}; a supervisor can reopen it`);
    await tx.sql.run(
      'INSERT INTO decisions (flag_id, user_id, outcome, legal_category, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, user.id, input.outcome, input.legalCategory ?? null, input.note ?? null, iso(store)],
    );
    await setStatus(tx, id, input.outcome);
    await tx.sql.run('DELETE FROM locks WHERE flag_id = ?', [id]);
    await recordAudit(tx, user.id, 'decision.add', `flag:${id}`, {
      run: runId,
      outcome: input.outcome,
      legal_category: input.legalCategory ?? null,
      note: input.note ?? null,
    });
    return getFlag(tx, runId, id);
  });
}

async function setStatus(store: Store, id: number, status: FlagStatus): Promise<void> {
  await store.sql.run('UPDATE flags SET status = ? WHERE id = ?', [status, id]);
}

function currentDecision(store: Store, id: number): Promise<DecisionRow | undefined> {
  return store.sql.get<DecisionRow>(
    'SELECT d.*, u.username FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.flag_id = ? AND d.superseded_at IS NULL ORDER BY d.id DESC LIMIT 1',
    [id],
  );
}

/** The author takes back their own decision (not yet validated): the flag is pending again. */
export function undoDecision(store: Store, runId: string, id: number, user: User): Promise<FlagDetail> {
  return reviewing(store, runId, async (tx) => {
    await flagRow(tx, runId, id);
    const current = await currentDecision(tx, id);
    if (!current) throw new ConflictError(`flag ${id} has no decision to undo`);
    if (current.user_id !== user.id)
      throw new ForbiddenError('only the author of a decision can undo it; a supervisor can reopen it');
    if (current.validated_at) throw new ConflictError('the decision was validated; a supervisor can reopen it');
    await tx.sql.run('UPDATE decisions SET superseded_at = ? WHERE id = ?', [iso(store), current.id]);
    await setStatus(tx, id, 'pending');
    await lockFor(tx, id, user);
    await recordAudit(tx, user.id, 'decision.undo', `flag:${id}`, { run: runId, decision: current.id });
    return getFlag(tx, runId, id);
  });
}

/** A supervisor reopens a decided flag: the decision stays in the history, superseded. */
export function reopenFlag(
  store: Store,
  runId: string,
  id: number,
  user: User,
  reason: string | null = null,
): Promise<FlagDetail> {
  return reviewing(store, runId, async (tx) => {
    await flagRow(tx, runId, id);
    const current = await currentDecision(tx, id);
    if (!current) throw new ConflictError(`flag ${id} is not decided`);
    await tx.sql.run('UPDATE decisions SET superseded_at = ? WHERE id = ?', [iso(store), current.id]);
    await setStatus(tx, id, 'pending');
    await recordAudit(tx, user.id, 'decision.reopen', `flag:${id}`, { run: runId, decision: current.id, reason });
    return getFlag(tx, runId, id);
  });
}

/** Second review: another reviewer validates the current decision; nobody validates their own. */
export function validateDecision(store: Store, runId: string, id: number, user: User): Promise<FlagDetail> {
  return reviewing(store, runId, async (tx) => {
    await flagRow(tx, runId, id);
    const current = await currentDecision(tx, id);
    if (!current) throw new NotFoundError(`flag ${id} has no decision to validate`);
    if (current.user_id === user.id) throw new ForbiddenError('a reviewer cannot validate their own decision');
    if (current.validated_at) throw new ConflictError('the decision is validated already');
    await tx.sql.run('UPDATE decisions SET validated_by = ?, validated_at = ? WHERE id = ?', [
      user.id,
      iso(store),
      current.id,
    ]);
    await recordAudit(tx, user.id, 'decision.validate', `flag:${id}`, { run: runId, decision: current.id });
    return getFlag(tx, runId, id);
  });
}
