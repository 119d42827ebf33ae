import { isValidTimeZone, offsetAt } from '../calendars/zoned-time';
import { BarcatError } from '../errors';

const HOUR = 3_600_000;

/**
 * Converts naive wall-clock times of one IANA zone to UTC. Intl is slow (~2 µs a call), so the
 * offset is cached per wall-clock hour; a file of minute bars calls Intl once per hour of data.
 */
export class ZoneConverter {
  private readonly cache = new Map<number, number>();
  readonly isUtc: boolean;

  constructor(readonly zone: string) {
    this.isUtc = /^(utc|etc\/utc|gmt|etc\/gmt|z|etc\/zulu|zulu|universal)$/i.test(zone);
    if (this.isUtc) return;
    if (!isValidTimeZone(zone)) {
      throw new BarcatError(
        'USAGE',
        `time zone "${zone}" is not a known IANA zone name; use one like America/New_York, Europe/London or UTC`,
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
