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
import { flagFilter, flagRow, toFlagSummary, type FlagQuery, type FlagRow } from './flags.js';
import { iso, type Store } from './store.js';

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

function decisionsOf(store: Store, flagId: number): Decision[] {
  return (
    store.db
      .prepare(
        'SELECT d.*, u.username FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.flag_id = ? ORDER BY d.id',
      )
      .all(flagId) as DecisionRow[]
  ).map(toDecision);
}

function activeLock(store: Store, flagId: number): Lock | null {
  const row = store.db
    .prepare(
      'SELECT l.user_id, l.expires_at, u.username FROM locks l JOIN users u ON u.id = l.user_id WHERE l.flag_id = ? AND l.expires_at > ?',
    )
    .get(flagId, iso(store)) as { user_id: number; expires_at: string; username: string } | undefined;
  return row ? { userId: row.user_id, username: row.username, expiresAt: row.expires_at } : null;
}

const detailOf = (store: Store, row: FlagRow): FlagDetail => ({
  ...toFlagSummary(row),
  properties: migrateFlagProperties(JSON.parse(row.properties)),
  geometry: JSON.parse(row.geometry),
  decisions: decisionsOf(store, row.id),
  lock: activeLock(store, row.id),
});

export function getFlag(store: Store, runId: string, id: number): FlagDetail {
  return detailOf(store, flagRow(store, runId, id));
}

/**
 * The next pending flag of the queue (highest confidence first) that nobody else holds, locked for
 * `user` for LOCK_SECONDS; null when none is left. Information flags (demolitions) are not queued.
 */
export function takeNextFlag(store: Store, runId: string, user: User, q: FlagQuery = {}): FlagDetail | null {
  return store.db
    .transaction(() => {
      const { where, params } = flagFilter(runId, { ...q, status: ['pending'] });
      const row = store.db
        .prepare(`SELECT * FROM flags WHERE ${where} AND category != 'information' AND id NOT IN (SELECT flag_id FROM locks WHERE expires_at > @now AND user_id != @user)
        ORDER BY (id IN (SELECT flag_id FROM locks WHERE user_id = @user AND expires_at > @now)) DESC, confidence DESC, rank, id LIMIT 1`)
        .get({ ...params, now: iso(store), user: user.id }) as FlagRow | undefined;
      if (!row) return null;
      lockFor(store, row.id, user);
      return detailOf(store, row);
    })
    .immediate();
}

function lockFor(store: Store, flagId: number, user: User): void {
  store.db
    .prepare(
      'INSERT INTO locks (flag_id, user_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (flag_id) DO UPDATE SET user_id = excluded.user_id, expires_at = excluded.expires_at',
    )
    .run(flagId, user.id, iso(store, LOCK_SECONDS));
}

/** Takes (or renews) the lock of one flag; refused while someone else holds it. */
export function lockFlag(store: Store, runId: string, id: number, user: User): Lock {
  return store.db
    .transaction(() => {
      flagRow(store, runId, id);
      const held = activeLock(store, id);
      if (held && held.userId !== user.id)
        throw new ConflictError(`flag ${id} is being reviewed by ${held.username} until ${held.expiresAt}`);
      lockFor(store, id, user);
      return activeLock(store, id)!;
    })
    .immediate();
}

/**
 * Records an inspector's decision. Refused while another inspector holds the flag, and when the flag
 * is already decided (a supervisor reopens it, or its author undoes it). Committed (and so durable)
 * before it returns.
 */
export function decideFlag(store: Store, runId: string, id: number, user: User, input: DecisionBody): FlagDetail {
  if (!OUTCOMES.includes(input.outcome)) throw new InputError(`outcome must be one of ${OUTCOMES.join(', ')}`);
  return store.db
    .transaction(() => {
      const row = flagRow(store, runId, id);
      const held = activeLock(store, id);
      if (held && held.userId !== user.id) throw new ConflictError(`flag ${id} is being reviewed by ${held.username}`);
      if (row.status !== 'pending')
        throw new ConflictError(`flag ${id} is already ${row.status}; a supervisor can reopen it`);
      store.db
        .prepare(
          'INSERT INTO decisions (flag_id, user_id, outcome, legal_category, note, decided_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, user.id, input.outcome, input.legalCategory ?? null, input.note ?? null, iso(store));
      setStatus(store, id, input.outcome);
      store.db.prepare('DELETE FROM locks WHERE flag_id = ?').run(id);
      recordAudit(store, user.id, 'decision.add', `flag:${id}`, {
        run: runId,
        outcome: input.outcome,
        legal_category: input.legalCategory ?? null,
        note: input.note ?? null,
      });
      return getFlag(store, runId, id);
    })
    .immediate();
}

function setStatus(store: Store, id: number, status: FlagStatus): void {
  store.db.prepare('UPDATE flags SET status = ? WHERE id = ?').run(status, id);
}

function currentDecision(store: Store, id: number): DecisionRow | undefined {
  return store.db
    .prepare(
      'SELECT d.*, u.username FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.flag_id = ? AND d.superseded_at IS NULL ORDER BY d.id DESC LIMIT 1',
    )
    .get(id) as DecisionRow | undefined;
}

/** The author takes back their own decision (not yet validated): the flag is pending again. */
export function undoDecision(store: Store, runId: string, id: number, user: User): FlagDetail {
  return store.db
    .transaction(() => {
      flagRow(store, runId, id);
      const current = currentDecision(store, id);
      if (!current) throw new ConflictError(`flag ${id} has no decision to undo`);
      if (current.user_id !== user.id)
        throw new ForbiddenError('only the author of a decision can undo it; a supervisor can reopen it');
      if (current.validated_at) throw new ConflictError('the decision was validated; a supervisor can reopen it');
      store.db.prepare('UPDATE decisions SET superseded_at = ? WHERE id = ?').run(iso(store), current.id);
      setStatus(store, id, 'pending');
      lockFor(store, id, user);
      recordAudit(store, user.id, 'decision.undo', `flag:${id}`, { run: runId, decision: current.id });
      return getFlag(store, runId, id);
    })
    .immediate();
}

/** A supervisor reopens a decided flag: the decision stays in the history, superseded. */
export function reopenFlag(
  store: Store,
  runId: string,
  id: number,
  user: User,
  reason: string | null = null,
): FlagDetail {
  return store.db
    .transaction(() => {
      flagRow(store, runId, id);
      const current = currentDecision(store, id);
      if (!current) throw new ConflictError(`flag ${id} is not decided`);
      store.db.prepare('UPDATE decisions SET superseded_at = ? WHERE id = ?').run(iso(store), current.id);
      setStatus(store, id, 'pending');
      recordAudit(store, user.id, 'decision.reopen', `flag:${id}`, { run: runId, decision: current.id, reason });
      return getFlag(store, runId, id);
    })
    .immediate();
}

/** Second review: another reviewer validates the current decision; nobody validates their own. */
export function validateDecision(store: Store, runId: string, id: number, user: User): FlagDetail {
  return store.db
    .transaction(() => {
      flagRow(store, runId, id);
      const current = currentDecision(store, id);
      if (!current) throw new NotFoundError(`flag ${id} has no decision to validate`);
      if (current.user_id === user.id) throw new ForbiddenError('a reviewer cannot validate their own decision');
      if (current.validated_at) throw new ConflictError('the decision is validated already');
      store.db
        .prepare('UPDATE decisions SET validated_by = ?, validated_at = ? WHERE id = ?')
        .run(user.id, iso(store), current.id);
      recordAudit(store, user.id, 'decision.validate', `flag:${id}`, { run: runId, decision: current.id });
      return getFlag(store, runId, id);
    })
    .immediate();
}
