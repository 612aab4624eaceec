/** Scores are stored as uint8: value / 250 is the score, 255 is nodata (outside either image). */
export const SCORE_SCALE = 250;
export const SCORE_NODATA = 255;

export function quantiseScore(score: number): number {
  return Number.isNaN(score) ? SCORE_NODATA : Math.round(Math.min(1, Math.max(0, score)) * SCORE_SCALE);
}
