import type { Store } from '@payesh/store';
import type { Ledger } from './ledger.js';

/** What was found wrong in the store after the crash and restart (empty: all held). */
export function durabilityProblems(store: Store, ledger: Ledger): string[] {
  const problems: string[] = [];
  const row = store.db.prepare(
    'SELECT d.flag_id, d.outcome, d.superseded_at, u.username FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.id = ?',
  );
  for (const acked of ledger.decisions.values()) {
    const r = row.get(acked.id) as
      | { flag_id: number; outcome: string; superseded_at: string | null; username: string }
      | undefined;
    if (!r) problems.push(`acknowledged decision ${acked.id} (flag ${acked.flagId}) is missing`);
    else if (r.flag_id !== acked.flagId || r.outcome !== acked.outcome || r.username !== acked.username)
      problems.push(`decision ${acked.id} differs from what was acknowledged`);
    else if (ledger.superseded.has(acked.id) && r.superseded_at === null)
      problems.push(`decision ${acked.id} was undone or reopened (acknowledged) but is current`);
  }
  return problems;
}

/** The audit log against the decisions and flags: one entry per decision and per undo or reopen, statuses that follow. */
export function auditProblems(store: Store): string[] {
  const problems: string[] = [];
  const count = (sql: string): number => (store.db.prepare(sql).get() as { n: number }).n;
  const decisions = count('SELECT count(*) AS n FROM decisions');
  const added = count("SELECT count(*) AS n FROM audit WHERE action = 'decision.add'");
  if (decisions !== added) problems.push(`${decisions} decisions but ${added} decision.add audit entries`);
  const superseded = count('SELECT count(*) AS n FROM decisions WHERE superseded_at IS NOT NULL');
  const takenBack = count("SELECT count(*) AS n FROM audit WHERE action IN ('decision.undo', 'decision.reopen')");
  if (superseded !== takenBack)
    problems.push(`${superseded} superseded decisions but ${takenBack} undo/reopen audit entries`);
  const doubles = count(
    'SELECT count(*) AS n FROM (SELECT flag_id FROM decisions WHERE superseded_at IS NULL GROUP BY flag_id HAVING count(*) > 1)',
  );
  if (doubles > 0) problems.push(`${doubles} flags with more than one current decision`);
  const wrongStatus =
    count(`SELECT count(*) AS n FROM flags f LEFT JOIN decisions d ON d.flag_id = f.id AND d.superseded_at IS NULL
    WHERE f.status != IFNULL(d.outcome, 'pending')`);
  if (wrongStatus > 0) problems.push(`${wrongStatus} flags whose status is not their current decision's`);
  const outOfOrder = count('SELECT count(*) AS n FROM audit a JOIN audit b ON b.id = a.id + 1 WHERE b.at < a.at');
  if (outOfOrder > 0) problems.push(`${outOfOrder} audit entries earlier than the one before`);
  return problems;
}
