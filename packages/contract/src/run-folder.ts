import type { FlagFeature } from './flag-properties.js';
import type { CompareRunRecord } from './run-record.js';

/**
 * A compare run's folder as read for import (io's readRunFolder) and imported (store's importRun):
 * its name, its absolute path, run.json (input paths made absolute) and flags.geojson's features, each
 * checked against the contract and brought up to date.
 */
export interface RunFolder {
  readonly id: string;
  readonly dir: string;
  readonly runJson: CompareRunRecord;
  readonly flags: readonly FlagFeature[];
}
