import type { FlagRanking, RankReason } from '@payesh/contract';
import type { FlagRow } from './flags.js';

/** What `flags.ranking` holds beside the probability column. */
export interface StoredRanking {
  readonly reasons: readonly RankReason[];
  readonly modelVersion: string;
}

/** A flag's learned ranking as the card shows it: null while its run's ranking is off or before any. */
export function flagRanking(row: FlagRow): FlagRanking | null {
  if (row.probability === null || row.ranking === null) return null;
  const stored = JSON.parse(row.ranking) as StoredRanking;
  return { probability: row.probability, reasons: [...stored.reasons], modelVersion: stored.modelVersion };
}
