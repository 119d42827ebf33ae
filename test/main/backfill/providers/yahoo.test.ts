import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars } from '../../../helpers/provider-server/index';
import { YAHOO_TOO_MANY } from '../../../helpers/provider-server/vendors/yahoo';
import { cliAt } from '../cli-io';
import { catalogRows, DAY, MIN, ohlcv, providerPerTest, service, T0 } from '../helpers';

const NOW = T0 + 40 * DAY + 30 * 1000; // half a minute into a 1m bar
const iso = (t: number) => new Date(t).toISOString();

describe('yahoo: chart API (unofficial) against its stand-in', () => {
  const { setup, run } = providerPerTest('yahoo', NOW, ['AAPL', 'BTC-USD'], { requestsPerSecond: 1000 });

  it('1m over 20 days: requests of at most 7 days; rows with null prices skipped and counted, never stored', async () => {
    const { server: s, cat: c } = await setup();
    const from = T0 + 20 * DAY;
    const to = T0 + 40 * DAY;
    // BTC-USD on Yahoo's CCC venue trades around the clock, so the range is one gap, not sessions.
    const job = await run('CCC:BTC-USD:1m', from, to);
    expect(job.state).toBe('done');
    expect(s.requests.map((r) => [r.path, r.query.interval, r.query.period1, r.query.period2])).toEqual([
      ['/v8/finance/chart/BTC-USD', '1m', String(from / 1000), String((from + 7 * DAY) / 1000)],
      ['/v8/finance/chart/BTC-USD', '1m', String((from + 7 * DAY) / 1000), String((from + 14 * DAY) / 1000)],
      ['/v8/finance/chart/BTC-USD', '1m', String((from + 14 * DAY) / 1000), String(to / 1000)],
    ]);
    const all = expectedBars(s.spec, 'BTC-USD', MIN, from, to, NOW);
    // The stand-in sends a minute without trades as nulls, as Yahoo does.
    const nulls = all.filter((b) => b.volume === 0).length;
    expect(nulls).toBeGreaterThan(1000);
    expect(job.summary?.skippedEmpty).toBe(nulls);
    expect(job.progress.barsWritten).toBe(all.length - nulls);
    expect(await catalogRows(c.catalog, parseSeriesId('CCC:BTC-USD:1m'))).toEqual(
      ohlcv(all.filter((b) => b.volume !== 0)),
    );
  });

  it('1m starting more than 30 days back is refused when planned, with its reason code; nothing is sent', async () => {
    const { server: s, cat: c } = await setup();
    const svc = service(c.catalog, c.dir, NOW);
    const from = T0 + 5 * DAY;
    const servesFrom = NOW - 30 * 1000 - 30 * DAY;
    const err = await svc
      .start({ series: 'NASDAQ:AAPL:1m', from, to: from + DAY, provider: 'yahoo', baseUrl: s.url })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      message: `Yahoo Finance chart (unofficial) serves 1m bars only for the last 30 days (from ${iso(servesFrom)} on); the range starts at ${iso(from)}. Pick a later start or a longer timeframe`,
      details: { reason: 'BEFORE_PROVIDER_RECENT_WINDOW', servesFrom },
    });
    expect(s.requests).toEqual([]);
  });

  it('a 429 (plain text, no Retry-After) is waited out, then every bar arrives', async () => {
    const { server: s, cat: c } = await setup();
    s.inject({ kind: 'reply', reply: YAHOO_TOO_MANY });
    // Friday 2024-04-12, inside the NASDAQ session (13:30-20:00 UTC in summer time).
    const from = T0 + 39 * DAY + 14 * 3_600_000;
    const to = T0 + 39 * DAY + 19 * 3_600_000;
    const job = await run('NASDAQ:AAPL:5m', from, to);
    expect(job.state).toBe('done');
    expect(s.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, 'reply'],
      [200, null],
    ]);
    expect(job.summary).toMatchObject({ retries: 1, parked: 0 });
    expect(await catalogRows(c.catalog, parseSeriesId('NASDAQ:AAPL:5m'))).toEqual(
      ohlcv(expectedBars(s.spec, 'AAPL', 5 * MIN, from, to, NOW).filter((b) => b.volume !== 0)),
    );
  });

  it('daily bars, stamped at the New York open, are stored under their session date; weekends absent', async () => {
    const { server: s, cat: c } = await setup();
    const from = T0; // Monday
    const to = T0 + 14 * DAY;
    const job = await run('NASDAQ:AAPL:1d', from, to);
    expect(job.state).toBe('done');
    // The NASDAQ calendar leaves the weekend out: one request per week of sessions.
    expect(
      s.requests.map((r) => [iso(Number(r.query.period1) * 1000), iso(Number(r.query.period2) * 1000)]),
    ).toEqual([
      [iso(from - DAY), iso(from + 5 * DAY)],
      [iso(from + 6 * DAY), iso(from + 12 * DAY)],
    ]);
    const weekdays = expectedBars(s.spec, 'AAPL', DAY, from, to, NOW).filter(
      (b) => (new Date(b.ts).getUTCDay() + 6) % 7 < 5 && b.volume !== 0,
    );
    const rows = await catalogRows(c.catalog, parseSeriesId('NASDAQ:AAPL:1d'));
    expect(rows).toEqual(ohlcv(weekdays));
    expect(rows.every((r) => r.ts % DAY === 0)).toBe(true);
  });

  it('barcat backfill labels Yahoo unofficial and prints how many rows without prices were skipped', async () => {
    const { server: s, cat: c } = await setup();
    const from = T0 + 39 * DAY;
    const to = T0 + 39 * DAY + 12 * 3_600_000;
    const r = await cliAt(NOW, [
      'backfill',
      'CCC:BTC-USD:1m',
      '--provider',
      'yahoo',
      '--from',
      iso(from),
      '--to',
      iso(to),
      '--base-url',
      s.url,
      '--catalog',
      c.dir,
      '--create',
    ]);
    const all = expectedBars(s.spec, 'BTC-USD', MIN, from, to, NOW);
    const nulls = all.filter((b) => b.volume === 0).length;
    const id = /^job (bf-\S+) done/.exec(r.out)?.[1];
    const lines = r.out.split('\n');
    expect(r.code).toBe(0);
    expect(lines.slice(0, 2)).toEqual([
      `job ${id} done: CCC:BTC-USD:1m from yahoo, 2024-04-12T00:00:00Z .. 2024-04-12T12:00:00Z`,
      `  requests 1, retries 0, bars written ${all.length - nulls}`,
    ]);
    // The minutes Yahoo sent as nulls had no trades: "no data at source", so they are not asked again.
    expect(lines[3]).toBe('    2024-04-12T00:13:00Z .. 2024-04-12T00:14:00Z (no data at source)');
    expect(lines.slice(-4)).toEqual([
      '  parked failures 0',
      `  rows without prices skipped ${nulls} (the provider sent nulls; nothing stored for them)`,
      '  Yahoo Finance chart API is unofficial: no key, no contract; it may change or block without notice',
      '',
    ]);
  });

  it("a 1m window Yahoo no longer serves (its clock moved on) is parked with Yahoo's 422 reason, not recorded empty", async () => {
    const { server: s } = await setup({ now: () => NOW + 2 * DAY });
    const from = NOW - 29 * DAY - 30 * 1000;
    const job = await run('CCC:BTC-USD:1m', from, from + DAY);
    expect(job.parked.map((p) => [p.error, p.permanent])).toEqual([
      [
        `Yahoo Finance chart (unofficial) rejected the request (HTTP 422: 1m data not available for startTime=${from / 1000} and endTime=${(from + DAY) / 1000}. The requested range must be within the last 30 days.); check the symbol, timeframe and range`,
        true,
      ],
    ]);
    expect(job.summary?.checkedEmpty).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('an unknown symbol (404 "No data found, symbol may be delisted") is parked as refused for good', async () => {
    const { server: s } = await setup();
    const job = await run('NASDAQ:ZZZZ:1d', T0, T0 + 7 * DAY);
    expect(job.parked.map((p) => [p.error, p.permanent])).toEqual([
      [
        'Yahoo Finance chart (unofficial) has no such resource (HTTP 404: No data found, symbol may be delisted)',
        true,
      ],
    ]);
    expect(s.requests).toHaveLength(1);
  });
});
