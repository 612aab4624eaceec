import type { TreeNode } from '../classify/gbdt.js';
import type { CategoryRates } from './rank-columns.js';

/** A tree node with its expected log-odds contribution over the training flags (for explaining predictions). */
export interface RankTreeNode extends TreeNode {
  readonly e: number;
}

/**
 * The learned ranker of flags (issue 17): boosted trees on the flags' columns (RANK_COLUMNS), whose
 * log-odds are calibrated to the probability that an inspector confirms (Platt scaling fitted on the
 * k-fold out-of-fold predictions). Plain JSON.
 */
export interface RankModel {
  readonly kind: 'flag-ranker';
  readonly format: 1;
  readonly columns: readonly string[];
  readonly rates: CategoryRates;
  /**
   * Where every flag starts: log-odds a·confidence + b fitted on the decided flags (Platt), so that the
   * trees learn what the original order gets wrong, and flags unlike any decided one keep an order (the
   * trees cannot tell them apart). `mean` is its mean over the training flags (explanations credit the
   * difference to confidence). Extrapolated as it is, also upwards: see docs/ranking.md for why.
   */
  readonly start: { readonly a: number; readonly b: number; readonly mean: number };
  readonly base: number;
  readonly trees: readonly (readonly RankTreeNode[])[];
  /** probability = 1 / (1 + exp(-(a * logOdds + b))). */
  readonly calibration: { readonly a: number; readonly b: number };
  readonly trainedOn: { readonly decided: number; readonly confirmed: number };
}

/**
 * How much higher a model's k-fold average precision must be than the original order's for the queue
 * to follow it: on a few dozen decisions, differences smaller than this are noise.
 */
export const MIN_AP_GAIN = 0.02;

/** Whether a validated model should order the queue. */
export const validatesBetter = (v: RankValidation): boolean =>
  v.averagePrecision >= v.baselineAveragePrecision + MIN_AP_GAIN;

/** A flag's start (log-odds) under a model. */
export const startLogOdds = (start: RankModel['start'], confidence: number): number => start.a * confidence + start.b;

/** How a model did on the decided flags in k-fold, against the order they were in. */
export interface RankValidation {
  readonly decided: number;
  readonly confirmed: number;
  readonly folds: number;
  /** Average precision of the out-of-fold probabilities. */
  readonly averagePrecision: number;
  /** Average precision of the current order on the same flags. */
  readonly baselineAveragePrecision: number;
}
