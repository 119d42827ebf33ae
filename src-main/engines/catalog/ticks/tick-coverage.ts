import type { TickDay } from '../../../../src-shared/domain/ticks';
import { DAY } from '../../../../src-shared/domain/timeframe';
import type { SessionCalendar } from '../types';
import { dayBoundsUs, tickDate } from './tick-layout';
import type { TickManifest } from './tick-manifest';

/**
 * Each UTC day from the first tick's to the last tick's, from the manifest alone: the ticks it
 * holds, or why it holds none: no session in the series' calendar (closed), every session checked
 * empty by a provider (empty), else a gap.
 */
export function tickDays(m: TickManifest, calendar: SessionCalendar): TickDay[] {
  if (m.files.length === 0) return [];
  const perDay = new Map<string, number>();
  for (const f of m.files) perDay.set(f.date, (perDay.get(f.date) ?? 0) + f.rows);
  const first = Math.min(...m.files.map((f) => f.minTs));
  const last = Math.max(...m.files.map((f) => f.maxTs));
  const out: TickDay[] = [];
  for (let d = dayBoundsUs(tickDate(first)).from / 1000; d <= last / 1000; d += DAY) {
    const date = new Date(d).toISOString().slice(0, 10);
    const ticks = perDay.get(date) ?? 0;
    if (ticks > 0) {
      out.push({ date, ticks, state: 'ticks' });
      continue;
    }
    const sessions = calendar.sessions({ from: d, to: d + DAY }, '1m');
    const unchecked = sessions.some((s) => !m.checkedEmpty.some((c) => c.from <= s.from && c.to >= s.to));
    out.push({ date, ticks, state: sessions.length === 0 ? 'closed' : unchecked ? 'gap' : 'empty' });
  }
  return out;
}
