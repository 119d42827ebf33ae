/** 1.4826 x MAD estimates the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** Scratch space for one window's sample (a little more than SAMPLE: the stride rounds down). */
export function statsScratch(): Float64Array {
  return new Float64Array(2 * SAMPLE);
}

/**
 * k-th smallest of a[0..n) by quickselect (reorders a: smaller values before k, larger after); O(n)
 * on average, no allocation. The pivot is the median of three, and short ranges are finished by
 * insertion sort: fewer passes and mispredicted branches on the ~360-value samples the checks take.
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
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
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
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

/** Values sampled per window: median and MAD of ~256 values set a threshold of K deviations as well as all of them. */
export const SAMPLE = 256;

/** Stride that samples at most about SAMPLE bars of [from, to). */
export function sampleStep(from: number, to: number): number {
  return Math.max(1, Math.floor((to - from) / SAMPLE));
}

/** Median and robust sigma of scratch[0..n) (reordered); NaN for fewer than 8 values, which say little. */
export function sampleStats(scratch: Float64Array, n: number): RobustStats {
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
    // Binary search from the last cut: a batch has few segments and many bars.
    let hi = ts.length;
    while (i < hi) {
      const mid = (i + hi) >>> 1;
      if (ts[mid]! < start) i = mid + 1;
      else hi = mid;
    }
    if (i > cuts.at(-1)! && i < ts.length) cuts.push(i);
  }
  return cuts;
}
