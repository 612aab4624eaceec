import { describe, expect, it } from 'vitest';
import {
  acknowledged,
  appendQueue,
  decide,
  failed,
  initialState,
  neighbour,
  previous,
  progress,
  recount,
  rejected,
  select,
  setCategory,
  setNote,
  undone,
  type QueueItem,
} from './review-state.js';

const queue: QueueItem[] = [1, 2, 3, 4].map((id) => ({
  id,
  parcelId: `P${id}`,
  violation: 'no-permit',
  confidence: 1 - id / 10,
  status: 'pending',
}));

describe('review state', () => {
  it('decides the current flag at once, carrying the draft, and clears the draft', () => {
    let s = select(initialState('khoy', queue), 2);
    s = setNote(setCategory(s, 2), '  new floor  ');
    const r = decide(s, 'confirmed', '2026-01-01T10:00:00Z')!;
    expect(r.decision).toMatchObject({
      runId: 'khoy',
      flagId: 2,
      outcome: 'confirmed',
      legalCategory: 2,
      note: 'new floor',
      attempts: 0,
    });
    expect(r.state.queue.find((q) => q.id === 2)!.status).toBe('confirmed');
    expect(r.state.draft).toEqual({ legalCategory: null, note: null });
    expect(decide(r.state, 'dismissed', 'later')).toBeNull(); // already decided
  });

  it('moves to the next and previous pending flag, skipping decided and locked ones', () => {
    let s = select(initialState('khoy', queue), 1);
    s = decide(select(s, 2), 'dismissed', 't')!.state;
    s = select(s, 1);
    expect(neighbour(s, 1)).toBe(3);
    expect(neighbour(s, 1, new Set([3]))).toBe(4);
    expect(neighbour(select(s, 4), -1)).toBe(3);
    expect(neighbour(select(s, 4), 1)).toBeNull();
  });

  it('goes back to the flag just decided (f then k), not to the pending one before it', () => {
    let s = select(initialState('khoy', queue), 2);
    s = decide(s, 'field-visit', 't')!.state;
    s = select(s, neighbour(s, 1));
    expect(s.currentId).toBe(3);
    expect(previous(s)).toBe(2);
    expect(previous(s, new Set([2]))).toBe(1);
    expect(previous(select(s, 1))).toBeNull();
  });

  it('appends the next page without repeating flags, with unsent decisions applied', () => {
    const r = decide(select(initialState('khoy', queue.slice(0, 2)), 1), 'confirmed', 't')!;
    const more = appendQueue(r.state, queue.slice(1));
    expect(more.queue.map((q) => [q.id, q.status])).toEqual([
      [1, 'confirmed'],
      [2, 'pending'],
      [3, 'pending'],
      [4, 'pending'],
    ]);
    const reloaded = appendQueue(initialState('khoy', [], r.state.outbox), queue);
    expect(reloaded.queue[0]!.status).toBe('confirmed');
  });

  it('counts decided of all from the server counts, moved at once by a decision or an undo', () => {
    const counts = { pending: 940, confirmed: 4, dismissed: 2, 'field-visit': 0 };
    expect(progress(counts)).toEqual({ decided: 6, total: 946, pending: 940 });
    expect(progress(recount(counts, 'pending', 'confirmed'))).toEqual({ decided: 7, total: 946, pending: 939 });
    expect(recount(recount(counts, 'pending', 'dismissed'), 'dismissed', 'pending')).toEqual(counts);
  });

  it('keeps unsent decisions until acknowledged, shows them after a reload, and counts failures', () => {
    const r = decide(select(initialState('khoy', queue), 1), 'field-visit', 't1')!;
    let s = failed(r.state, r.decision.key);
    expect(s.outbox.map((d) => d.attempts)).toEqual([1]);
    // A reload: the queue comes from the server (still pending there), the outbox from storage.
    const reloaded = initialState('khoy', queue, s.outbox);
    expect(reloaded.queue.find((q) => q.id === 1)!.status).toBe('field-visit');
    s = acknowledged(s, r.decision.key);
    expect([s.outbox.length, s.decidedByMe]).toEqual([0, [1]]);
    s = undone(s, 1);
    expect([s.currentId, s.queue[0]!.status, s.decidedByMe]).toEqual([1, 'pending', []]);
  });

  it('drops a decision the server refused for good and shows the server status', () => {
    const r = decide(select(initialState('khoy', queue), 3), 'confirmed', 't')!;
    const s = rejected(r.state, r.decision.key, 'dismissed');
    expect([s.outbox.length, s.queue.find((q) => q.id === 3)!.status]).toEqual([0, 'dismissed']);
  });
});
