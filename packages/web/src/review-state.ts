/** The pure state of the review screen: the queue, where the inspector is, drafts and unsent decisions. */
import type { FlagStatus, FlagSummary, Outcome, StatusCounts } from '@payesh/contract';

/** A flag in the queue: what the list shows of its summary, the status as decided on screen. */
export type QueueItem = Pick<FlagSummary, 'id' | 'parcelId' | 'violation' | 'confidence' | 'status'>;

/** A decision made on screen, kept until the server acknowledged it (and across reloads). */
export interface PendingDecision {
  readonly key: string;
  readonly runId: string;
  readonly flagId: number;
  readonly outcome: Outcome;
  readonly legalCategory: number | null;
  readonly note: string | null;
  readonly madeAt: string;
  readonly attempts: number;
}

export interface ReviewState {
  readonly runId: string;
  readonly queue: readonly QueueItem[];
  readonly currentId: number | null;
  /** The legal category and note the next decision will carry. */
  readonly draft: { readonly legalCategory: number | null; readonly note: string | null };
  readonly outbox: readonly PendingDecision[];
  /** Flags whose decision the server acknowledged in this session, most recent last (for undo). */
  readonly decidedByMe: readonly number[];
}

export const initialState = (
  runId: string,
  queue: readonly QueueItem[],
  outbox: readonly PendingDecision[] = [],
): ReviewState => ({
  runId,
  queue: applyOutbox(
    queue,
    outbox.filter((d) => d.runId === runId),
  ),
  currentId: null,
  draft: { legalCategory: null, note: null },
  outbox,
  decidedByMe: [],
});

/** Decisions not yet sent already show in the queue (so a reload shows what was decided). */
function applyOutbox(queue: readonly QueueItem[], outbox: readonly PendingDecision[]): QueueItem[] {
  const status = new Map(outbox.map((d) => [d.flagId, d.outcome as FlagStatus]));
  return queue.map((q) => (status.has(q.id) ? { ...q, status: status.get(q.id)! } : q));
}

const indexOf = (s: ReviewState, id: number | null): number => s.queue.findIndex((q) => q.id === id);

/** The next (or previous) pending flag after the current one, skipping `skip`; null at the end. */
export function neighbour(s: ReviewState, direction: 1 | -1, skip: ReadonlySet<number> = new Set()): number | null {
  const from = indexOf(s, s.currentId);
  for (let i = from + direction; i >= 0 && i < s.queue.length; i += direction) {
    const q = s.queue[i]!;
    if (q.status === 'pending' && !skip.has(q.id)) return q.id;
  }
  return null;
}

/** The flag before the current one whatever its status (to look again at what was just decided), skipping `skip`. */
export function previous(s: ReviewState, skip: ReadonlySet<number> = new Set()): number | null {
  for (let i = indexOf(s, s.currentId) - 1; i >= 0; i--) if (!skip.has(s.queue[i]!.id)) return s.queue[i]!.id;
  return null;
}

export const select = (s: ReviewState, id: number | null): ReviewState => ({ ...s, currentId: id });

/** More of the queue arrived (the next page): appended, flags already listed left as they are. */
export function appendQueue(s: ReviewState, items: readonly QueueItem[]): ReviewState {
  const known = new Set(s.queue.map((q) => q.id));
  return {
    ...s,
    queue: [
      ...s.queue,
      ...applyOutbox(
        items.filter((q) => !known.has(q.id)),
        s.outbox.filter((d) => d.runId === s.runId),
      ),
    ],
  };
}

export const setCategory = (s: ReviewState, legalCategory: number | null): ReviewState => ({
  ...s,
  draft: { ...s.draft, legalCategory },
});
export const setNote = (s: ReviewState, note: string | null): ReviewState => ({
  ...s,
  draft: { ...s.draft, note: note && note.trim() ? note.trim() : null },
});

/** Decides the current flag at once on screen: its status changes, the decision joins the outbox, the draft clears. */
export function decide(
  s: ReviewState,
  outcome: Outcome,
  madeAt: string,
): { state: ReviewState; decision: PendingDecision } | null {
  const current = s.queue.find((q) => q.id === s.currentId);
  if (!current || current.status !== 'pending') return null;
  const decision: PendingDecision = {
    key: `${s.runId}:${current.id}:${madeAt}`,
    runId: s.runId,
    flagId: current.id,
    outcome,
    legalCategory: s.draft.legalCategory,
    note: s.draft.note,
    madeAt,
    attempts: 0,
  };
  return {
    decision,
    state: {
      ...s,
      queue: s.queue.map((q) => (q.id === current.id ? { ...q, status: outcome } : q)),
      outbox: [...s.outbox, decision],
      draft: { legalCategory: null, note: null },
    },
  };
}

/** The server kept the decision: it leaves the outbox. */
export const acknowledged = (s: ReviewState, key: string): ReviewState => {
  const d = s.outbox.find((x) => x.key === key);
  return {
    ...s,
    outbox: s.outbox.filter((x) => x.key !== key),
    decidedByMe: d ? [...s.decidedByMe.filter((id) => id !== d.flagId), d.flagId] : s.decidedByMe,
  };
};

/** Sending failed: the decision stays in the outbox, counted. */
export const failed = (s: ReviewState, key: string): ReviewState => ({
  ...s,
  outbox: s.outbox.map((d) => (d.key === key ? { ...d, attempts: d.attempts + 1 } : d)),
});

/** The server refused the decision for good (e.g. someone else decided first): it leaves the outbox and the flag shows the server's status. */
export const rejected = (s: ReviewState, key: string, status: FlagStatus): ReviewState => {
  const d = s.outbox.find((x) => x.key === key);
  return {
    ...s,
    outbox: s.outbox.filter((x) => x.key !== key),
    queue: s.queue.map((q) => (d && q.id === d.flagId ? { ...q, status } : q)),
  };
};

/** Undone on the server: the flag is pending again and current. */
export const undone = (s: ReviewState, flagId: number): ReviewState => ({
  ...s,
  currentId: flagId,
  queue: s.queue.map((q) => (q.id === flagId ? { ...q, status: 'pending' } : q)),
  decidedByMe: s.decidedByMe.filter((id) => id !== flagId),
});

/** The server's counts moved by one flag's change of status (shown at once, corrected by the next count). */
export function recount(counts: StatusCounts, from: FlagStatus, to: FlagStatus): StatusCounts {
  if (from === to) return counts;
  return { ...counts, [from]: Math.max(0, counts[from] - 1), [to]: counts[to] + 1 };
}

/** Progress for the queue header: decided of all the flags the filters select (any status). */
export function progress(counts: StatusCounts): { decided: number; total: number; pending: number } {
  const total = counts.pending + counts.confirmed + counts.dismissed + counts['field-visit'];
  return { decided: total - counts.pending, total, pending: counts.pending };
}
