/**
 * What the benchmark (scripts/bench-web.ts) and the browser tests measure: performance.now() marks.
 * Recorded only when the page is opened with `?instrument`; otherwise nothing is kept or exposed.
 */
export interface Timings {
  signedInAt: number;
  firstImageryAt: number;
  readonly navigationMs: number[];
  readonly ackMs: number[];
}

/** The timings object, on `window.__payesh` when the page asked for it, else a private throwaway. */
export function pageTimings(win: Window): Timings {
  const timings: Timings = { signedInAt: 0, firstImageryAt: 0, navigationMs: [], ackMs: [] };
  if (new URLSearchParams(win.location.search).has('instrument'))
    (win as unknown as { __payesh: Timings }).__payesh = timings;
  return timings;
}
