import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { compareTimeframes } from '../../../src-shared/domain/timeframe';

export interface SeriesFilter {
  text: string;
  venue: string;
  timeframe: string;
  gapsOnly: boolean;
  /** Only series whose stored quality results have findings (not computed yet: left out). */
  qualityOnly: boolean;
  /** Only series with health problems (stale, failing, stalled, ...): "Needs attention". */
  attentionOnly: boolean;
}

export const EMPTY_FILTER: SeriesFilter = {
  text: '',
  venue: '',
  timeframe: '',
  gapsOnly: false,
  qualityOnly: false,
  attentionOnly: false,
};

export type SortKey =
  | 'venue'
  | 'symbol'
  | 'timeframe'
  | 'first'
  | 'last'
  | 'rows'
  | 'bytes'
  | 'coveragePct'
  | 'gapCount'
  | 'checkedEmptyCount'
  | 'qualityFindings'
  | 'lastWriteAt';

export interface SeriesSort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** Case-insensitive text over venue, symbol, timeframe and id; the other filters match exactly. */
export function filterSeries(
  list: readonly SeriesSummary[],
  f: SeriesFilter,
  needsAttention: (id: string) => boolean = () => false,
): SeriesSummary[] {
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((s) => {
    if (f.venue && s.venue !== f.venue) return false;
    if (f.timeframe && s.timeframe !== f.timeframe) return false;
    if (f.gapsOnly && s.gapCount === 0) return false;
    if (f.qualityOnly && !s.qualityFindings) return false;
    if (f.attentionOnly && !needsAttention(s.id)) return false;
    if (words.length === 0) return true;
    const hay = `${s.id} ${s.venue} ${s.symbol} ${s.timeframe}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

function compare(a: SeriesSummary, b: SeriesSummary, key: SortKey): number {
  if (key === 'timeframe') return compareTimeframes(a.timeframe, b.timeframe);
  // Absent counts (not computed yet) are empty values too.
  const x = a[key] ?? null;
  const y = b[key] ?? null;
  if (typeof x === 'string' && typeof y === 'string') return x.localeCompare(y);
  // Empty values (no bars yet) sort last in either direction.
  if (x === null) return y === null ? 0 : 1;
  if (y === null) return -1;
  return (x as number) - (y as number);
}

/** Stable sort; ties fall back to the series id so the order never jumps between refreshes. */
export function sortSeries(list: readonly SeriesSummary[], sort: SeriesSort): SeriesSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const c = compare(a, b, sort.key);
    const nullish = a[sort.key] == null || b[sort.key] == null;
    if (c !== 0) return nullish ? c : sign * c;
    return a.id.localeCompare(b.id);
  });
}

export function distinct(list: readonly SeriesSummary[], key: 'venue' | 'timeframe'): string[] {
  if (key === 'timeframe') return [...new Set(list.map((s) => s.timeframe))].sort(compareTimeframes);
  return [...new Set(list.map((s) => s.venue))].sort();
}

/** Next sort when a header is clicked: same column flips, a new column starts descending for numbers. */
export function nextSort(current: SeriesSort, key: SortKey): SeriesSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const textual = key === 'venue' || key === 'symbol' || key === 'timeframe';
  return { key, dir: textual ? 'asc' : 'desc' };
}

/** Rows visible in a scrolled viewport, with a few extra above and below for smooth scrolling. */
export function visibleWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 8,
) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last };
}

/** Index after a keyboard move, clamped to the list. */
export function moveIndex(index: number, key: string, count: number, page: number): number {
  if (count === 0) return -1;
  const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const step = steps[key];
  if (step === undefined) return index;
  return Math.min(count - 1, Math.max(0, (index < 0 ? (step > 0 ? -1 : count) : index) + step));
}
