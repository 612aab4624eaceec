import { iso, type Store } from './store.js';

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly userId: number | null;
  readonly action: string;
  readonly subject: string;
  readonly details: Record<string, unknown>;
}

/** Appends to the audit log (the database refuses updates and deletes of it). */
export function recordAudit(
  store: Store,
  userId: number | null,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
): void {
  store.db
    .prepare('INSERT INTO audit (at, user_id, action, subject, details) VALUES (?, ?, ?, ?, ?)')
    .run(iso(store), userId, action, subject, JSON.stringify(details));
}

export function auditLog(store: Store, options: { subject?: string; limit?: number } = {}): AuditEntry[] {
  const rows = store.db
    .prepare(
      `SELECT id, at, user_id, action, subject, details FROM audit ${options.subject ? 'WHERE subject = @subject' : ''} ORDER BY id DESC LIMIT @limit`,
    )
    .all({ subject: options.subject, limit: options.limit ?? 100 }) as {
    id: number;
    at: string;
    user_id: number | null;
    action: string;
    subject: string;
    details: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    userId: r.user_id,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details),
  }));
}
