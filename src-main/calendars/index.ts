import type { Interval } from '../../src-shared/domain/range';
import type { SessionCalendar } from '../catalog/types';

/** Crypto markets trade around the clock: the whole range is session time. */
export const CALENDAR_24X7: SessionCalendar = {
  name: '24x7',
  sessions: (range: Interval) => (range.to > range.from ? [{ from: range.from, to: range.to }] : []),
};

/** Looks up a built-in or user-defined calendar by name; undefined when unknown. */
export function findCalendar(name: string): SessionCalendar | undefined {
  return name === '24x7' ? CALENDAR_24X7 : undefined;
}

/** The calendar a new series gets when nobody chose one. */
export function defaultCalendarName(_venue: string): string {
  return '24x7';
}
