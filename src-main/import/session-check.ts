import path from 'node:path';
import type { ImportFileResult } from '../../src-shared/domain/import';
import type { SeriesKey } from '../../src-shared/domain/series';
import { defaultCalendarName, findCalendar, outOfSession } from '../calendars/index';
import type { BarBatch, Catalog } from '../catalog/types';
import { MAX_PROBLEMS_IN_FULL } from './problems';

/** The series' own calendar (from its manifest), else the default for its venue. */
async function calendarNameOf(catalog: Catalog, key: SeriesKey): Promise<string> {
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
): Promise<number> {
  const name = await calendarNameOf(catalog, key);
  const calendar = findCalendar(name, catalog.dir);
  if (!calendar || name === '24x7' || batch.length === 0) return 0;
  const idx = outOfSession(calendar, batch.ts.subarray(0, batch.length), key.timeframe);
  if (idx.length === 0) return 0;
  const file = path.basename(result.file);
  result.problemCounts.out_of_session = (result.problemCounts.out_of_session ?? 0) + idx.length;
  for (const i of idx) {
    if (result.problems.length >= MAX_PROBLEMS_IN_FULL) break;
    const value = new Date(batch.ts[i] as number).toISOString();
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
  return idx.length;
}
