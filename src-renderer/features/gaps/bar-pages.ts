import type { QueryPreview } from '../../../src-shared/contract';
import type { Interval } from '../../../src-shared/domain/range';

/** Reads up to `limit` bars of a range, the first ones or (fromEnd) the last ones: queryPreview. */
export type ReadBars = (range: Interval, limit: number, fromEnd: boolean) => Promise<QueryPreview>;

/** A window of bars of the series: the rows, and whether bars lie before or after them. */
export interface BarsPage {
  columns: string[];
  rows: (number | null)[][];
  hasEarlier: boolean;
  hasLater: boolean;
}

// A first window of four times the page's nominal span; eight times wider each time it holds too few
// bars (nights, weekends, a gap), so a page never reads more than a few windows or much past its bars.
const FIRST_SPAN = 4;
const GROW = 8;

/** The first `limit` bars at or after `from`, in [extent.from, extent.to). */
async function after(read: ReadBars, from: number, extent: Interval, barMs: number, limit: number) {
  for (let span = limit * barMs * FIRST_SPAN; ; span *= GROW) {
    const to = Math.min(extent.to, from + span);
    const page = await read({ from, to }, limit, false);
    if (page.rows.length >= limit || to >= extent.to) return page;
  }
}

/** The last `limit` bars before `to`. */
async function before(read: ReadBars, to: number, extent: Interval, barMs: number, limit: number) {
  for (let span = limit * barMs * FIRST_SPAN; ; span *= GROW) {
    const from = Math.max(extent.from, to - span);
    const page = await read({ from, to }, limit, true);
    if (page.rows.length >= limit || from <= extent.from) return page;
  }
}

function pageOf(columns: string[], rows: (number | null)[][], extent: Interval): BarsPage {
  const first = rows[0]?.[0];
  const last = rows.at(-1)?.[0];
  return {
    columns,
    rows,
    hasEarlier: typeof first === 'number' && first > extent.from,
    hasLater: typeof last === 'number' && last < extent.to - 1,
  };
}

/** `limit` bars starting at `from` (jump to a date, next page: from one past the last bar shown). */
export async function pageFrom(read: ReadBars, from: number, extent: Interval, barMs: number, limit: number) {
  const p = await after(read, Math.max(from, extent.from), extent, barMs, limit);
  return pageOf(p.columns, p.rows, extent);
}

/** `limit` bars ending before `to` (the latest bars, previous page: before the first bar shown). */
export async function pageUntil(read: ReadBars, to: number, extent: Interval, barMs: number, limit: number) {
  const p = await before(read, Math.min(to, extent.to), extent, barMs, limit);
  return pageOf(p.columns, p.rows, extent);
}

/** `limit` bars around `at`: half before it, the rest from it on (a finding or a gap and its neighbours). */
export async function pageAround(read: ReadBars, at: number, extent: Interval, barMs: number, limit: number) {
  const half = Math.floor(limit / 2);
  const [b, a] = await Promise.all([
    before(read, Math.max(at, extent.from), extent, barMs, half),
    after(read, Math.max(at, extent.from), extent, barMs, limit - half),
  ]);
  return pageOf(a.columns, [...b.rows, ...a.rows], extent);
}
