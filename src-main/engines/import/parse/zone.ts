import { HOUR } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import { isValidTimeZone, offsetAt } from '../../calendars/zoned-time';

const UTC_NAMES = /^(utc|etc\/utc|gmt|etc\/gmt|z|etc\/zulu|zulu|universal)$/i;

/**
 * A fixed offset as people write it: `UTC+2`, `GMT-5`, `+02:00`, `-0530`. The sign means what it
 * says (east of Greenwich is +), unlike IANA's inverted `Etc/GMT+5`. Offset in ms, or null.
 */
export function fixedOffsetMs(zone: string): number | null {
  const m = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone.trim());
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** Whether a zone as typed is one the import understands: an IANA name, UTC, or a fixed offset. */
export function isImportZone(zone: string): boolean {
  return UTC_NAMES.test(zone) || fixedOffsetMs(zone) !== null || isValidTimeZone(zone);
}

/**
 * Converts naive wall-clock times of one IANA zone (or a fixed offset) to UTC. Intl is slow (~2 µs
 * a call), so the offset is cached per wall-clock hour; a file of minute bars calls Intl once per hour.
 */
export class ZoneConverter {
  private readonly cache = new Map<number, number>();
  readonly isUtc: boolean;
  private readonly fixed: number | null;

  constructor(readonly zone: string) {
    this.isUtc = UTC_NAMES.test(zone);
    this.fixed = fixedOffsetMs(zone);
    if (this.isUtc || this.fixed !== null) return;
    if (!isValidTimeZone(zone)) {
      throw new BarcatError(
        'USAGE',
        `time zone "${zone}" is not a known IANA zone name nor an offset; use one like America/New_York, Europe/London, UTC or UTC+2`,
      );
    }
  }

  /** Offset (wall - utc, ms) in effect at a UTC instant. */
  private offsetAt(utc: number): number {
    return offsetAt(this.zone, utc);
  }

  /**
   * UTC ms of a wall-clock time. In a DST overlap the earlier instant wins; a time in a DST gap
   * (that never happened) is moved forward by the gap, as most vendors' exports do.
   */
  toUtc(civil: number): number {
    if (this.isUtc) return civil;
    if (this.fixed !== null) return civil - this.fixed;
    const hour = Math.floor(civil / HOUR);
    let off = this.cache.get(hour);
    if (off === undefined) {
      const guess = hour * HOUR;
      const o1 = this.offsetAt(guess - this.offsetAt(guess));
      const o2 = this.offsetAt(guess - o1);
      // Overlap: both offsets map back to this hour; prefer the larger (earlier UTC instant).
      off = o1 === o2 ? o1 : Math.max(o1, o2);
      this.cache.set(hour, off);
    }
    return civil - off;
  }
}
