import path from 'node:path';
import type { ImportFileResult } from '../../../../src-shared/domain/import';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { defaultCalendarName, findCalendar, outOfSession } from '../../calendars/index';
import type { BarBatch, Catalog } from '../../catalog/index';
import { keepsInFull, MAX_PROBLEMS_IN_FULL } from '../parse/problems';

/** The import's calendar when it names one, else the series' own (from its manifest), else the venue's. */
export async function calendarNameOf(catalog: Catalog, key: SeriesKey, chosen?: string): Promise<string> {
  if (chosen) return chosen;
  try {
    return (await catalog.availability(key)).calendar;
  } catch {
    return defaultCalendarName(key.venue);
  }
}

/**
 * Bars that open outside the series' trading sessions are kept but never accepted silently: each is
 * reported as a note. Many of them usually mean a wrong --tz or a wrong calendar for the series.
 */
export async function reportOutOfSession(
  catalog: Catalog,
  key: SeriesKey,
  batch: BarBatch,
  result: ImportFileResult,
  chosen?: string,
): Promise<number> {
  const name = await calendarNameOf(catalog, key, chosen);
  const calendar = findCalendar(name, catalog.dir);
  if (!calendar || name === '24x7' || batch.length === 0) return 0;
  const idx = outOfSession(calendar, batch.ts.subarray(0, batch.length), key.timeframe);
  const times = idx.slice(0, MAX_PROBLEMS_IN_FULL).map((i) => batch.ts[i] as number);
  noteOutOfSession(result, name, times, idx.length);
  return idx.length;
}

/** Adds `count` out-of-session notes, the first ones (`times`, ascending) in full. */
export function noteOutOfSession(
  result: ImportFileResult,
  name: string,
  times: readonly number[],
  count: number,
): void {
  if (count === 0) return;
  const file = path.basename(result.file);
  result.problemCounts.out_of_session = (result.problemCounts.out_of_session ?? 0) + count;
  // ProblemLog's rule: notes have their own first 100 (a file's bad rows do not take their place).
  let notes = result.problems.filter((p) => p.severity === 'note').length;
  let listed = result.problems.some((p) => p.rule === 'out_of_session');
  for (const t of times) {
    if (!keepsInFull(notes, listed)) break;
    notes++;
    listed = true;
    const value = new Date(t).toISOString();
    result.problems.push({
      file: result.file,
      line: null,
      column: null,
      value,
      rule: 'out_of_session',
      message: `${file}: the bar at ${value} opens outside the ${name} sessions; it was kept. If many bars are reported, check the time zone (--tz) or the series' calendar`,
      severity: 'note',
    });
  }
}
