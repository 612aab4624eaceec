/**
 * Platt scaling: a and b of p = 1 / (1 + exp(-(a s + b))) that fit labels best (log loss against
 * Platt's smoothed targets, so that separable scores keep a finite slope), by Newton's method with
 * step halving: every step lowers the loss.
 */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): { a: number; b: number } {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i]! ? 1 : 0;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  const target = (i: number): number => (labels[i]! ? hi : lo);
  const loss = (a: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = a * scores[i]! + b;
      // log(1 + e^z) - t z, computed without overflow.
      sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target(i) * z;
    }
    return sum;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const p = 1 / (1 + Math.exp(-(a * s + b)));
      const d = p - target(i);
      const w = p * (1 - p);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    let da = det > 1e-18 ? (hbb * ga - hab * gb) / det : ga;
    let db = det > 1e-18 ? (haa * gb - hab * ga) / det : gb;
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    da *= step;
    db *= step;
    a -= da;
    b -= db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10 * n) break;
  }
  return { a, b };
}
