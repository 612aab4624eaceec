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
export async function recordAudit(
  store: Store,
  userId: number | null,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await store.sql.run('INSERT INTO audit (at, user_id, action, subject, details) VALUES (?, ?, ?, ?, ?)', [
    iso(store),
    userId,
    action,
    subject,
    JSON.stringify(details),
  ]);
}

export async function auditLog(
  store: Store,
  options: { subject?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const rows = await store.sql.all<{
    id: number;
    at: string;
    user_id: number | null;
    action: string;
    subject: string;
    details: string;
  }>(
    `SELECT id, at, user_id, action, subject, details FROM audit ${options.subject ? 'WHERE subject = @subject' : ''} ORDER BY id DESC LIMIT @limit`,
    options.subject ? { subject: options.subject, limit: options.limit ?? 100 } : { limit: options.limit ?? 100 },
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    userId: r.user_id,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details),
  }));
}
