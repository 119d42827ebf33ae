import type { Interval } from '../../../../src-shared/domain/range';
import type {
  Availability,
  Gap,
  SeriesSummary,
} from '../../../../src-shared/domain/series-views/availability';
import { countBarSlots, nextBarStart } from '../../../../src-shared/domain/timeframe';
import {
  intersectIntervals,
  mergeIntervals,
  subtractIntervals,
  totalLength,
} from '../../../../src-shared/time/intervals';
import { CALENDAR_24X7, findCalendar } from '../../calendars/index';
import type { Manifest } from '../disk/manifest';
import type { SessionCalendar } from '../types';
import { pairsToIntervals } from './coverage';

/**
 * The calendar a manifest names (built-in, or a user calendar of the catalog at `root`), else 24x7:
 * an unknown name must not make availability fail.
 */
export function calendarFor(manifest: Manifest, root?: string): SessionCalendar {
  return findCalendar(manifest.calendar, root) ?? CALENDAR_24X7;
}

/**
 * Availability from the manifest alone. The range defaults to [first bar, end of last bar).
 * gaps = session time in range − covered − checked-empty, each with its count of missing bar slots;
 * coverage % = covered session time / session time.
 */
export function computeAvailability(
  manifest: Manifest,
  opts: { range?: Interval; calendar?: SessionCalendar; root?: string } = {},
): Availability {
  const tf = manifest.timeframe;
  const parts = manifest.partitions;
  let first: number | null = null;
  let last: number | null = null;
  let rows = 0;
  let bytes = 0;
  for (const p of parts) {
    if (first === null || p.minTs < first) first = p.minTs;
    if (last === null || p.maxTs > last) last = p.maxTs;
    rows += p.rows;
    bytes += p.bytes;
  }
  const range =
    opts.range ?? (first !== null && last !== null ? { from: first, to: nextBarStart(last, tf) } : undefined);
  const calendar = opts.calendar ?? calendarFor(manifest, opts.root);
  const allCovered = mergeIntervals(parts.flatMap((p) => pairsToIntervals(p.covered)));
  let covered: Interval[] = [];
  let gaps: Gap[] = [];
  let coveragePct = 0;
  const checkedEmpty = manifest.checkedEmpty
    .filter((c) => !range || (c.to > range.from && c.from < range.to))
    .sort((a, b) => a.from - b.from);
  if (range && range.to > range.from) {
    covered = intersectIntervals(allCovered, [range]);
    const sessions = mergeIntervals(calendar.sessions(range, tf));
    const missing = subtractIntervals(subtractIntervals(sessions, covered), checkedEmpty);
    gaps = missing
      .map((g) => ({ from: g.from, to: g.to, missingBars: countBarSlots(g.from, g.to, tf) }))
      .filter((g) => g.missingBars > 0);
    const sessionLength = totalLength(sessions);
    const coveredInSessions = totalLength(intersectIntervals(covered, sessions));
    coveragePct = sessionLength > 0 ? round2((coveredInSessions / sessionLength) * 100) : rows > 0 ? 100 : 0;
  }
  const summary: SeriesSummary = {
    id: manifest.series,
    venue: manifest.venue,
    symbol: manifest.symbol,
    timeframe: tf,
    calendar: calendar.name,
    first,
    last,
    rows,
    partitions: parts.length,
    bytes,
    coveragePct,
    gapCount: gaps.length,
    missingBars: gaps.reduce((s, g) => s + g.missingBars, 0),
    checkedEmptyCount: checkedEmpty.length,
    lastWriteAt: manifest.lastWrite?.at ?? null,
    ...(manifest.provider !== undefined ? { provider: manifest.provider } : {}),
    ...(manifest.ibkr ? { ibkr: manifest.ibkr } : {}),
  };
  return { ...summary, covered, gaps, checkedEmpty };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function summaryOf(a: Availability): SeriesSummary {
  const { covered: _c, gaps: _g, checkedEmpty: _e, ...summary } = a;
  return summary;
}
