import type { BackfillRequest } from '../../src-shared/domain/job';
import type { Interval } from '../../src-shared/domain/range';
import type { SeriesKey } from '../../src-shared/domain/series';
import { floorToTimeframe } from '../../src-shared/domain/timeframe';
import type { Catalog } from '../catalog/types';
import { BarcatError } from '../errors';
import { PROVIDER_CAPS } from '../providers/index';

// Alpaca's free plan refuses the last 15 minutes of SIP data; Polygon's free data is delayed alike.
const DELAY_MS: Partial<Record<BackfillRequest['provider'], number>> = {
  alpaca: 16 * 60_000,
  polygon: 16 * 60_000,
};

/**
 * The range a request covers: --from defaults to the series' first bar, --to to the end of the last
 * closed bar (the still-open one is never asked for).
 */
export async function resolveRange(
  catalog: Catalog,
  key: SeriesKey,
  req: BackfillRequest,
  now: number,
): Promise<Interval> {
  const caps = PROVIDER_CAPS[req.provider];
  if (!caps.timeframes.includes(key.timeframe))
    throw new BarcatError(
      'BAD_INPUT',
      `${caps.label} has no ${key.timeframe} bars; it serves ${caps.timeframes.join(' ')}`,
    );
  const latest = floorToTimeframe(now - (DELAY_MS[req.provider] ?? 0), key.timeframe);
  let from = req.from;
  if (from === undefined) {
    const first = await catalog
      .availability(key)
      .then((a) => a.first)
      .catch(() => null);
    if (first === null)
      throw new BarcatError(
        'USAGE',
        `series ${key.venue}:${key.symbol}:${key.timeframe} has no bars yet; give --from to say where the backfill starts`,
      );
    from = first;
  }
  from = Math.max(from, caps.historyFrom);
  const to = Math.min(req.to ?? latest, latest);
  if (to <= from)
    throw new BarcatError(
      'USAGE',
      `nothing to fetch: the range ${new Date(from).toISOString()} .. ${new Date(to).toISOString()} is empty or in the future`,
    );
  return { from, to };
}
