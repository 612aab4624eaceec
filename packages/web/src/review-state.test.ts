import { describe, expect, it } from 'vitest';
import { acknowledged, decide, failed, initialState, neighbour, rejected, remaining, select, setCategory, setNote, undone, type QueueItem } from './review-state.js';

const queue: QueueItem[] = [1, 2, 3, 4].map((id) => ({ id, parcelId: `P${id}`, violation: 'no-permit', confidence: 1 - id / 10, status: 'pending' }));

describe('review state', () => {
  it('decides the current flag at once, carrying the draft, and clears the draft', () => {
    let s = select(initialState('khoy', queue), 2);
    s = setNote(setCategory(s, 2), '  new floor  ');
    const r = decide(s, 'confirmed', '2026-01-01T10:00:00Z')!;
    expect(r.decision).toMatchObject({ runId: 'khoy', flagId: 2, outcome: 'confirmed', legalCategory: 2, note: 'new floor', attempts: 0 });
    expect(r.state.queue.find((q) => q.id === 2)!.status).toBe('confirmed');
    expect(r.state.draft).toEqual({ legalCategory: null, note: null });
    expect(remaining(r.state)).toEqual({ pending: 3, total: 4 });
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
