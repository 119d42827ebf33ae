import { BarcatError } from '../../plumbing/errors';
import { isValidTimeZone, offsetAt } from '../calendars/zoned-time';

const QUARTER_HOUR = 900_000;

/**
 * UTC instants -> wall-clock time of one IANA zone, for vendor files that carry no offset. Intl is
 * slow, so the offset is cached per UTC quarter hour (zone changes fall on quarter hours, even
 * Newfoundland's and Lord Howe's).
 */
export class WallClock {
  private readonly cache = new Map<number, number>();
  readonly isUtc: boolean;

  constructor(readonly zone: string) {
    this.isUtc = /^(utc|etc\/utc|gmt|etc\/gmt|z|etc\/zulu|zulu|universal)$/i.test(zone);
    if (!this.isUtc && !isValidTimeZone(zone))
      throw new BarcatError(
        'USAGE',
        `--tz "${zone}" is not a known IANA zone name; use one like America/New_York, Europe/London or UTC`,
      );
  }

  /** Offset (wall - utc, ms) in effect at `utc`. */
  offset(utc: number): number {
    if (this.isUtc) return 0;
    const slot = Math.floor(utc / QUARTER_HOUR);
    let off = this.cache.get(slot);
    if (off === undefined) {
      off = offsetAt(this.zone, slot * QUARTER_HOUR);
      this.cache.set(slot, off);
    }
    return off;
  }
}
