import type { PendingDecision } from './review-state.js';

const KEY = 'payesh.outbox.v1';

/** Unsent decisions survive a reload: kept in localStorage until the server acknowledged them. */
export function loadOutbox(storage: Storage): PendingDecision[] {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(value) ? (value as PendingDecision[]) : [];
  } catch {
    return [];
  }
}

export function saveOutbox(storage: Storage, outbox: readonly PendingDecision[]): void {
  storage.setItem(KEY, JSON.stringify(outbox));
}
