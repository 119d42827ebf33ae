// "All history": the open time of the first bar a provider has for a symbol, found with one request.
import { z } from 'zod';
import type { IbkrSeries } from '../../../../src-shared/domain/ibkr';
import type { ProviderName } from '../../../../src-shared/domain/job';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { floorToTimeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import { KlinesSchema } from '../../providers/binance/klines';
import { ibkrFirstBar } from '../../providers/ibkr/index';
import { PROVIDER_CAPS } from '../../providers/index';
import type { GetKey } from '../../providers/types';
import { type OneOffOptions, oneOffGetJson } from '../one-off-call';

const AlpacaFirstSchema = z.object({
  bars: z
    .array(z.object({ t: z.string() }))
    .nullable()
    .optional(),
});
const PolygonFirstSchema = z.object({ results: z.array(z.object({ t: z.number() })).optional() });

/**
 * Binance: klines from startTime=0, limit=1 (its oldest kline at the series' own interval). Alpaca and
 * Polygon: the first daily bar from the provider's history start, which opens no later than the first
 * intraday one; the slots before the first intraday bar are then recorded as checked-empty.
 */
export async function probeFirstBar(
  provider: ProviderName,
  key: SeriesKey,
  baseUrl: string | undefined,
  getKey: GetKey,
  now: number,
  call?: OneOffOptions,
  ibkr?: IbkrSeries,
): Promise<number> {
  const caps = PROVIDER_CAPS[provider];
  const getJson = oneOffGetJson(provider, call);
  const base = (baseUrl ?? caps.defaultBaseUrl).replace(/\/+$/, '');
  let first: number | undefined;
  if (provider === 'binance-spot' || provider === 'binance-futures') {
    const url = new URL(provider === 'binance-spot' ? '/api/v3/klines' : '/fapi/v1/klines', base);
    url.searchParams.set('symbol', key.symbol);
    url.searchParams.set('interval', key.timeframe);
    url.searchParams.set('startTime', '0');
    url.searchParams.set('limit', '1');
    first = (await getJson(url, {}, KlinesSchema, `first kline of ${key.symbol}`))[0]?.ts;
  } else if (provider === 'alpaca') {
    const k = await getKey('alpaca');
    if (!k?.id)
      throw new BarcatError('USAGE', 'Alpaca needs a key: set BARCAT_ALPACA_KEY_ID and BARCAT_ALPACA_SECRET');
    const url = new URL(`/v2/stocks/${encodeURIComponent(key.symbol)}/bars`, base);
    url.searchParams.set('timeframe', '1Day');
    url.searchParams.set('start', new Date(caps.historyFrom).toISOString());
    url.searchParams.set('limit', '1');
    const headers = { 'APCA-API-KEY-ID': k.id, 'APCA-API-SECRET-KEY': k.secret };
    const t = (await getJson(url, headers, AlpacaFirstSchema, `first bar of ${key.symbol}`)).bars?.[0]?.t;
    first = t === undefined ? undefined : Date.parse(t);
  } else if (provider === 'polygon') {
    const k = await getKey('polygon');
    if (!k?.secret) throw new BarcatError('USAGE', 'Polygon needs a key: set BARCAT_POLYGON_KEY');
    const url = new URL(
      `/v2/aggs/ticker/${encodeURIComponent(key.symbol)}/range/1/day/${caps.historyFrom}/${now}`,
      base,
    );
    url.searchParams.set('sort', 'asc');
    url.searchParams.set('limit', '1');
    const headers = { Authorization: `Bearer ${k.secret}` };
    first = (await getJson(url, headers, PolygonFirstSchema, `first bar of ${key.symbol}`)).results?.[0]?.t;
  } else if (provider === 'ibkr') {
    // IB's head timestamp: the first data it has for the series' contract, whatToShow and hours.
    first = await ibkrFirstBar(baseUrl, key.venue, key.symbol, ibkr).catch((err: Error) => {
      throw new BarcatError('PROVIDER', err.message);
    });
  } else {
    throw new BarcatError(
      'USAGE',
      `${caps.label} cannot tell its first bar${provider === 'binance-archive' ? ' (it has files, not a query)' : ''}; give a date instead (--extend-to)`,
    );
  }
  if (first === undefined)
    throw new BarcatError('BAD_INPUT', `${caps.label} has no ${key.timeframe} bars of ${key.symbol} at all`, {
      reason: 'NO_HISTORY',
    });
  // Early Binance klines are off the grid (2018): the range starts at the slot holding the first bar.
  return Math.max(floorToTimeframe(first, key.timeframe), caps.historyFrom);
}
