/**
 * Average precision of a ranking: the mean, over the positives, of the precision of the list down to
 * each (as scikit-learn's average_precision_score; tied scores are taken as one step). 0 without any
 * positive.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]! ? 1 : 0;
  if (positives === 0) return 0;
  let ap = 0;
  let seen = 0;
  let hits = 0;
  let lastRecall = 0;
  for (let k = 0; k < order.length; ) {
    // A run of tied scores counts as one threshold.
    let j = k;
    while (j < order.length && scores[order[j]!] === scores[order[k]!]) {
      hits += labels[order[j]!] ? 1 : 0;
      j++;
    }
    seen = j;
    const recall = hits / positives;
    ap += (recall - lastRecall) * (hits / seen);
    lastRecall = recall;
    k = j;
  }
  return ap;
}
