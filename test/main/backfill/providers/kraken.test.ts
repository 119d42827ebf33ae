import { describe, expect, it } from 'vitest';
import { exchangeProviderTests } from '../exchange-checks';
import { DAY, HOUR, providerFixture, providerPerTest, service, T0 } from '../helpers';

const NOW = T0 + 40 * DAY + 30 * 60_000; // half-way through a 1h bar
const LAST_OPEN = T0 + 40 * DAY; // the still-open 1h bar
const SERIES = 'KRAKEN:XBTUSD:1h';
const OLDER =
  'Older Kraken bars exist only as trades (GET /0/public/Trades, to be aggregated) or in its OHLCVT CSV downloads, which Barcat does not fetch yet; import those files instead.';
const iso = (t: number) => new Date(t).toISOString();

describe('kraken: OHLC (latest 720 bars only) against its stand-in', () => {
  const { setup, run, expectFetched } = providerPerTest('kraken', NOW, ['XBTUSD']);

  it('the last 10 days of 1h: one call with an exclusive `since`, rows under the internal pair name', async () => {
    await setup();
    const from = LAST_OPEN - 240 * HOUR;
    await expectFetched(
      SERIES,
      from,
      LAST_OPEN,
      (r) => [r.path, r.query.pair, r.query.interval, r.query.since],
      [['/0/public/OHLC', 'XBTUSD', '60', String((from - HOUR) / 1000)]],
    );
  });

  it('a range older than the recent window is refused when planned, saying where older data is; nothing is sent', async () => {
    const { server: s, cat: c } = await setup();
    const svc = service(c.catalog, c.dir, NOW);
    const servesFrom = LAST_OPEN - 699 * HOUR;
    await expect(
      svc.start({ series: SERIES, from: T0, to: T0 + DAY, provider: 'kraken', baseUrl: s.url }),
    ).rejects.toThrow(
      `Kraken OHLC keeps only the most recent 700 1h bars (from ${iso(servesFrom)} on); the range starts at ${iso(T0)}. ${OLDER}`,
    );
    expect(s.requests).toEqual([]);
  });

  it('when the window has moved on by the time the call is made, the answer starting late is refused, not recorded empty', async () => {
    // The server is 100 hours ahead of the planner: its 720 bars begin after the planned start.
    const { server: s } = await setup({ now: () => NOW + 100 * HOUR });
    const from = LAST_OPEN - 690 * HOUR;
    const job = await run(SERIES, from, from + 24 * HOUR);
    const oldest = LAST_OPEN + 100 * HOUR - 719 * HOUR;
    expect(job.parked.map((p) => p.error)).toEqual([
      `Kraken's OHLC answer starts at ${iso(oldest)}, after the asked ${iso(from)}: it keeps only its most recent 720 bars. ${OLDER}`,
    ]);
    expect(s.requests).toHaveLength(1);
    expect(job.progress.barsWritten).toBe(0);
  });
});

describe('kraken: the checks every exchange family passes', () => {
  // On providerFixture like bybit, okx and coinbase (the tests above start their own stand-in, as one
  // moves its clock). The stand-in has no XBTUSD bars before LISTED: the empty range lies before it.
  const LISTED = LAST_OPEN - 100 * HOUR;
  const f = providerFixture('kraken', NOW, { symbols: ['XBTUSD'], listedFrom: { XBTUSD: LISTED } });

  exchangeProviderTests(f, {
    empty: [SERIES, { from: LISTED - 24 * HOUR, to: LISTED }],
    refused: [
      'KRAKEN:XBTUSD:3m',
      { from: NOW - HOUR, to: NOW },
      'Kraken OHLC has no 3m bars; it serves 1m 5m 15m 30m 1h 4h 1d',
    ],
    unknown: [
      'EQuery:Unknown asset pair inside a 200',
      'KRAKEN:BTC-USD:1h',
      { from: LAST_OPEN - DAY, to: LAST_OPEN },
      'Kraken OHLC rejected the request (HTTP 400: EQuery:Unknown asset pair); check the symbol, timeframe and range',
      [200],
    ],
    rateLimits: [
      [
        'EGeneral:Too many requests inside a 200',
        {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"error":["EGeneral:Too many requests"]}',
        },
        SERIES,
        { from: LAST_OPEN - DAY, to: LAST_OPEN },
      ],
    ],
  });
});
