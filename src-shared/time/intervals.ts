import type { Interval } from '../domain/range';

/** Sorts and merges overlapping or touching intervals; drops empty ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

/** `base` minus the union of `remove`; both may be unsorted. Result is sorted and disjoint. */
export function subtractIntervals(base: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const cuts = mergeIntervals(remove);
  const out: Interval[] = [];
  let first = 0;
  for (const b of mergeIntervals(base)) {
    // Bases are sorted and disjoint: a cut that ends before this base ends before every later one.
    while (first < cuts.length && cuts[first]!.to <= b.from) first++;
    let from = b.from;
    for (let i = first; i < cuts.length; i++) {
      const c = cuts[i]!;
      if (c.to <= from) continue;
      if (c.from >= b.to) break;
      if (c.from > from) out.push({ from, to: c.from });
      from = Math.max(from, c.to);
      if (from >= b.to) break;
    }
    if (from < b.to) out.push({ from, to: b.to });
  }
  return out;
}

/** Intersection of two interval sets. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = mergeIntervals(a);
  const y = mergeIntervals(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i]!;
    const q = y[j]!;
    const from = Math.max(p.from, q.from);
    const to = Math.min(p.to, q.to);
    if (from < to) out.push({ from, to });
    if (p.to < q.to) i++;
    else j++;
  }
  return out;
}

export function totalLength(intervals: readonly Interval[]): number {
  let sum = 0;
  for (const r of intervals) sum += Math.max(0, r.to - r.from);
  return sum;
}

export function clampInterval(r: Interval, bounds: Interval): Interval | undefined {
  const from = Math.max(r.from, bounds.from);
  const to = Math.min(r.to, bounds.to);
  return from < to ? { from, to } : undefined;
}
