/** 1.4826 x MAD estimates the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** k-th smallest of a[0..n) by quickselect (reorders a); O(n) on average, no allocation. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median of a[0..n) (reorders a); NaN when n is 0. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return Number.NaN;
  const hi = select(a, n, n >>> 1);
  if (n % 2 === 1) return hi;
  let lo = Number.NEGATIVE_INFINITY;
  // After select, the lower half holds the smaller values: the other middle is their maximum.
  for (let i = 0; i < n >>> 1; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

export interface RobustStats {
  median: number;
  /** 1.4826 x median absolute deviation; NaN when the window has too few finite values. */
  sigma: number;
}

/** Median and robust sigma of the finite values of x[from, to), using `scratch` (length >= to - from). */
export function robustStats(x: Float64Array, from: number, to: number, scratch: Float64Array): RobustStats {
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) scratch[n++] = v;
  }
  // Fewer than 8 values say little about a distribution.
  if (n < 8) return { median: Number.NaN, sigma: Number.NaN };
  const median = medianInPlace(scratch, n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(scratch[i]! - median);
  return { median, sigma: MAD_TO_SIGMA * medianInPlace(scratch, n) };
}

/**
 * Windows of `size` bars tiling each segment [segment start, next segment start) of a time-sorted
 * batch; a segment's short last window joins the one before, so every window has size..2*size-1 bars
 * (or the whole segment when it is shorter).
 */
export function windows(ts: Float64Array, segments: readonly number[], size: number): [number, number][] {
  const cuts = segmentStarts(ts, segments);
  const out: [number, number][] = [];
  for (let s = 0; s < cuts.length; s++) {
    const from = cuts[s]!;
    const to = cuts[s + 1] ?? ts.length;
    for (let a = from; a < to; a += size) {
      const b = to - (a + size) < size ? to : a + size;
      out.push([a, b]);
      if (b === to) break;
    }
  }
  return out;
}

/** Indices where each segment begins in ts (the first one is always 0); ascending and unique. */
export function segmentStarts(ts: Float64Array, segments: readonly number[]): number[] {
  const cuts = [0];
  let i = 0;
  for (const start of segments) {
    while (i < ts.length && ts[i]! < start) i++;
    if (i > cuts.at(-1)! && i < ts.length) cuts.push(i);
  }
  return cuts;
}
