import type { CheckedEmpty, Interval } from '../../../../src-shared/domain/range';

/**
 * Adds checked-empty ranges; overlapping or touching ranges of the same provider merge into one
 * (keeping the latest check time). Sorted by start.
 */
export function addCheckedEmpty(
  existing: readonly CheckedEmpty[],
  added: readonly CheckedEmpty[],
): CheckedEmpty[] {
  const all = [...existing, ...added].filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: CheckedEmpty[] = [];
  for (const r of all) {
    const same = out.findLast((o) => o.provider === r.provider);
    if (same && r.from <= same.to) {
      same.to = Math.max(same.to, r.to);
      same.checkedAt = Math.max(same.checkedAt, r.checkedAt);
    } else out.push({ ...r });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Cuts `range` out of every checked-empty entry (splitting entries that straddle it). */
export function removeCheckedEmpty(existing: readonly CheckedEmpty[], range: Interval): CheckedEmpty[] {
  const out: CheckedEmpty[] = [];
  for (const r of existing) {
    if (r.to <= range.from || r.from >= range.to) {
      out.push({ ...r });
      continue;
    }
    if (r.from < range.from) out.push({ ...r, to: range.from });
    if (r.to > range.to) out.push({ ...r, from: range.to });
  }
  return out;
}
