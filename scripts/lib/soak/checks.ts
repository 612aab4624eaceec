import type { Store } from '@payesh/store';
import type { Ledger } from './ledger.js';

/** What was found wrong in the store after the crash and restart (empty: all held). */
export async function durabilityProblems(store: Store, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  for (const acked of ledger.decisions.values()) {
    const r = await store.sql.get<{ flag_id: number; outcome: string; superseded_at: string | null; username: string }>(
      'SELECT d.flag_id, d.outcome, d.superseded_at, u.username FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.id = ?',
      [acked.id],
    );
    if (!r) problems.push(`acknowledged decision ${acked.id} (flag ${acked.flagId}) is missing`);
    else if (r.flag_id !== acked.flagId || r.outcome !== acked.outcome || r.username !== acked.username)
      problems.push(`decision ${acked.id} differs from what was acknowledged`);
    else if (ledger.superseded.has(acked.id) && r.superseded_at === null)
      problems.push(`decision ${acked.id} was undone or reopened (acknowledged) but is current`);
  }
  return problems;
}

/** The audit log against the decisions and flags: one entry per decision and per undo or reopen, statuses that follow. */
export async function auditProblems(store: Store): Promise<string[]> {
  const problems: string[] = [];
  const count = async (sql: string): Promise<number> => (await store.sql.get<{ n: number }>(sql))!.n;
  const decisions = await count('SELECT count(*) AS n FROM decisions');
  const added = await count("SELECT count(*) AS n FROM audit WHERE action = 'decision.add'");
  if (decisions !== added) problems.push(`${decisions} decisions but ${added} decision.add audit entries`);
  const superseded = await count('SELECT count(*) AS n FROM decisions WHERE superseded_at IS NOT NULL');
  const takenBack = await count("SELECT count(*) AS n FROM audit WHERE action IN ('decision.undo', 'decision.reopen')");
  if (superseded !== takenBack)
    problems.push(`${superseded} superseded decisions but ${takenBack} undo/reopen audit entries`);
  const doubles = await count(
    'SELECT count(*) AS n FROM (SELECT flag_id FROM decisions WHERE superseded_at IS NULL GROUP BY flag_id HAVING count(*) > 1) AS x',
  );
  if (doubles > 0) problems.push(`${doubles} flags with more than one current decision`);
  const wrongStatus =
    await count(`SELECT count(*) AS n FROM flags f LEFT JOIN decisions d ON d.flag_id = f.id AND d.superseded_at IS NULL
    WHERE f.status != COALESCE(d.outcome, 'pending')`);
  if (wrongStatus > 0) problems.push(`${wrongStatus} flags whose status is not their current decision's`);
  const outOfOrder = await count('SELECT count(*) AS n FROM audit a JOIN audit b ON b.id = a.id + 1 WHERE b.at < a.at');
  if (outOfOrder > 0) problems.push(`${outOfOrder} audit entries earlier than the one before`);
  return problems;
}
