import type { TickSeriesSummary } from '../../engines/catalog/index';
import { isoTime, textTable } from './io/format';

/** The tick series table of `barcat list`: first/last tick, ticks, days, and days with a session but no tick. */
export function tickTable(series: readonly TickSeriesSummary[]): string {
  const ms = (us: number | null) => (us === null ? null : Math.floor(us / 1000));
  const rows = series.map((s) => [
    s.id,
    isoTime(ms(s.first)),
    isoTime(ms(s.last)),
    s.ticks,
    s.days,
    s.gapDays.length === 0
      ? '0'
      : `${s.gapDays.length} (${s.gapDays.slice(0, 3).join(', ')}${s.gapDays.length > 3 ? ', …' : ''})`,
    s.calendar,
  ]);
  return textTable(['TICK SERIES', 'FIRST', 'LAST', 'TICKS', 'DAYS', 'GAP DAYS', 'CALENDAR'], rows);
}
