/** What the server acknowledged during a soak: the decisions that must survive a crash. */
export interface AckedDecision {
  readonly id: number;
  readonly flagId: number;
  readonly outcome: string;
  readonly username: string;
}

export class Ledger {
  /** Decisions answered 200, by decision id. */
  readonly decisions = new Map<number, AckedDecision>();
  /** Decision ids whose undo or reopen was answered 200 (they must be superseded). */
  readonly superseded = new Set<number>();
}

interface DecisionJson {
  id: number;
  username: string;
  outcome: string;
  supersededAt: string | null;
}

/** The decision a user just made, from the flag the server answered with. */
export function currentDecisionOf(
  flag: { id: number; decisions: DecisionJson[] },
  username: string,
): AckedDecision | null {
  const d = flag.decisions.findLast((x) => x.supersededAt === null && x.username === username);
  return d ? { id: d.id, flagId: flag.id, outcome: d.outcome, username } : null;
}
