import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars } from '../../../helpers/provider-server/index';
import { cliAt } from '../cli-io';
import { catalogRows, DAY, MIN, ohlcv, providerPerTest, T0 } from '../helpers';

const NOW = T0 + 40 * DAY + 30 * 1000;
const weekday = (t: number) => (new Date(t).getUTCDay() + 6) % 7 < 5;

describe('tiingo: end-of-day and IEX intraday against its stand-in', () => {
  const { setup, run } = providerPerTest('tiingo', NOW, ['IBM', 'AAPL'], { requestsPerSecond: 1000 });

  it('daily: raw prices per session date, one request per run of sessions, the key in the Authorization header', async () => {
    const { server: s, cat: c } = await setup();
    const from = T0; // Monday 2024-03-04
    const to = T0 + 14 * DAY;
    const job = await run('NYSE:IBM:1d', from, to);
    expect(job.state).toBe('done');
    expect(s.requests.map((r) => [r.path, r.query.startDate, r.query.endDate, r.hadKey])).toEqual([
      ['/tiingo/daily/ibm/prices', '2024-03-04', '2024-03-08', true],
      ['/tiingo/daily/ibm/prices', '2024-03-11', '2024-03-15', true],
    ]);
    expect(await catalogRows(c.catalog, parseSeriesId('NYSE:IBM:1d'))).toEqual(
      ohlcv(expectedBars(s.spec, 'IBM', DAY, from, to, NOW).filter((b) => weekday(b.ts))),
    );
  });

  it('IEX 5m: resampleFreq=5min with volume asked for; rows of the whole day outside the range dropped', async () => {
    const { server: s, cat: c } = await setup();
    // Friday 2024-04-12, inside the NASDAQ session.
    const from = T0 + 39 * DAY + 14 * 3_600_000;
    const to = T0 + 39 * DAY + 19 * 3_600_000;
    const job = await run('NASDAQ:AAPL:5m', from, to);
    expect(job.state).toBe('done');
    expect(s.requests.map((r) => [r.path, r.query])).toEqual([
      [
        '/iex/aapl/prices',
        {
          startDate: '2024-04-12',
          endDate: '2024-04-12',
          resampleFreq: '5min',
          columns: 'open,high,low,close,volume',
          afterHours: 'false',
          forceFill: 'false',
        },
      ],
    ]);
    const rows = await catalogRows(c.catalog, parseSeriesId('NASDAQ:AAPL:5m'));
    expect(rows).toEqual(ohlcv(expectedBars(s.spec, 'AAPL', 5 * MIN, from, to, NOW)));
    expect(rows).toHaveLength(60);
  });

  it('a plain-text 200 (over the monthly symbol quota) is refused with its words, not parsed as bars or retried', async () => {
    const { server: s } = await setup();
    const quota = 'You have run over your 500 symbol look up for this month. Please upgrade your plan.';
    s.inject({
      kind: 'reply',
      reply: { status: 200, headers: { 'content-type': 'text/plain' }, body: quota },
    });
    const job = await run('NYSE:IBM:1d', T0, T0 + 5 * DAY);
    // Said as a 403: the plan does not cover it now; a retry next month may succeed, so not permanent.
    expect(job.parked.map((p) => [p.error, p.status, p.permanent])).toEqual([
      [
        `Tiingo refused access (HTTP 403: ${quota}); the key's plan may not cover this data, or a firewall blocks this address`,
        403,
        undefined,
      ],
    ]);
    expect(s.requests).toHaveLength(1);
  });

  it('without BARCAT_TIINGO_KEY the CLI says how to set one, and nothing is sent', async () => {
    const { server: s, cat: c } = await setup();
    const r = await cliAt(NOW, [
      'backfill',
      'NYSE:IBM:1d',
      '--provider',
      'tiingo',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-09',
      '--base-url',
      s.url,
      '--catalog',
      c.dir,
      '--create',
    ]);
    expect(r.code).toBe(3);
    const id = /^job (bf-\S+) failed/.exec(r.out)?.[1];
    expect(r.out).toBe(
      [
        `job ${id} failed: NYSE:IBM:1d from tiingo, 2024-03-04T00:00:00Z .. 2024-03-09T00:00:00Z`,
        '  requests 0, retries 0, bars written 0',
        '  checked-empty ranges 0',
        '  parked failures 1',
        '    2024-03-04T00:00:00Z .. 2024-03-09T00:00:00Z: Tiingo needs a key: set BARCAT_TIINGO_KEY (or add it in the app settings)',
        `  Tiingo needs a key: set BARCAT_TIINGO_KEY (or add it in the app settings); 1 requests parked (retry with "barcat jobs retry ${id}")`,
        '',
      ].join('\n'),
    );
    expect(s.requests).toEqual([]);
  });
});
