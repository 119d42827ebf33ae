import type { BackfillRequest } from '../../../../src-shared/domain/job';
import type { Interval } from '../../../../src-shared/domain/range';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { DAY, floorToTimeframe, MINUTE, nominalMs } from '../../../../src-shared/domain/timeframe';
import { intersectIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog } from '../../catalog/index';
import { PROVIDER_CAPS } from '../../providers/index';

// Alpaca's free plan refuses the last 15 minutes of SIP data; Polygon's free data is delayed alike.
const DELAY_MS: Partial<Record<BackfillRequest['provider'], number>> = {
  alpaca: 16 * MINUTE,
  polygon: 16 * MINUTE,
};

const iso = (t: number) => new Date(t).toISOString();

/** The end of the provider's last closed bar at `now` (the still-open one, and delayed data, excluded). */
export function lastClosedEnd(
  provider: BackfillRequest['provider'],
  timeframe: SeriesKey['timeframe'],
  now: number,
): number {
  return floorToTimeframe(now - (DELAY_MS[provider] ?? 0), timeframe);
}

/**
 * What a request covers: its span and, when the user picked ranges, exactly those (each cut to what
 * the provider serves). --from defaults to the series' first bar, --to to the end of the last closed
 * bar (the still-open one is never asked for).
 */
export async function resolveRange(
  catalog: Catalog,
  key: SeriesKey,
  req: BackfillRequest,
  now: number,
): Promise<{ range: Interval; ranges?: Interval[] }> {
  const caps = PROVIDER_CAPS[req.provider];
  if (!caps.timeframes.includes(key.timeframe))
    throw new BarcatError(
      'BAD_INPUT',
      `${caps.label} has no ${key.timeframe} bars; it serves ${caps.timeframes.join(' ')}`,
    );
  const latest = lastClosedEnd(req.provider, key.timeframe, now);
  let from = req.from ?? req.ranges?.reduce((m, r) => Math.min(m, r.from), Number.POSITIVE_INFINITY);
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
  const pickedTo = req.ranges?.reduce((m, r) => Math.max(m, r.to), Number.NEGATIVE_INFINITY);
  const askedTo = Math.min(req.to ?? pickedTo ?? latest, latest);
  // Checked before clamping to the provider's history: a range wholly before it must not turn into a
  // reversed one ("2017-07-14 .. 2014-12-29").
  if (askedTo <= caps.historyFrom)
    throw new BarcatError(
      'BAD_INPUT',
      `${caps.label} serves bars from ${iso(caps.historyFrom)} on; the range ${iso(from)} .. ${iso(askedTo)} ends before that`,
      { reason: 'BEFORE_PROVIDER_HISTORY', historyFrom: caps.historyFrom },
    );
  if (caps.recentBarsOnly) {
    // Kraken-like sources silently answer an older start with their latest bars: refuse it here.
    const servesFrom =
      floorToTimeframe(now, key.timeframe) - (caps.recentBarsOnly - 1) * nominalMs(key.timeframe);
    if (from < servesFrom)
      throw new BarcatError(
        'BAD_INPUT',
        `${caps.label} keeps only the most recent ${caps.recentBarsOnly} ${key.timeframe} bars (from ${iso(servesFrom)} on); the range starts at ${iso(from)}. ${caps.olderDataHint ?? ''}`.trim(),
        { reason: 'BEFORE_PROVIDER_RECENT_WINDOW', servesFrom },
      );
  }
  const recentMs = caps.recentWindowMs?.[key.timeframe];
  if (recentMs !== undefined) {
    // Yahoo-like sources fail a whole request that reaches past their intraday depth: refuse it here.
    const servesFrom = floorToTimeframe(now, key.timeframe) - recentMs;
    if (from < servesFrom)
      throw new BarcatError(
        'BAD_INPUT',
        `${caps.label} serves ${key.timeframe} bars only for the last ${recentMs / DAY} days (from ${iso(servesFrom)} on); the range starts at ${iso(from)}. Pick a later start or a longer timeframe`,
        { reason: 'BEFORE_PROVIDER_RECENT_WINDOW', servesFrom },
      );
  }
  from = Math.max(from, caps.historyFrom);
  const to = askedTo;
  if (to <= from)
    throw new BarcatError(
      'USAGE',
      `nothing to fetch: the range ${iso(from)} .. ${iso(to)} is empty or in the future`,
    );
  if (!req.ranges) return { range: { from, to } };
  const ranges = intersectIntervals(req.ranges, [{ from, to }]);
  if (ranges.length === 0)
    throw new BarcatError(
      'USAGE',
      `nothing to fetch: no picked range lies inside what ${caps.label} serves (${iso(from)} .. ${iso(to)})`,
    );
  return { range: { from: ranges[0]!.from, to: ranges.at(-1)!.to }, ranges };
}
