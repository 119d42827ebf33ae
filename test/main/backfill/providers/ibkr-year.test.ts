import { describe, expect, it } from 'vitest';
import { ibSession } from '../../../../src-main/engines/providers/ibkr/index';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { IBM, sessionBars, virtualClock } from '../../../helpers/tws/data';
import { backfilled, catalogRows, ohlcv, serviceOn } from '../helpers';
import { twsAndCatalog } from '../tws-and-catalog';

const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2025, 0, 6);

describe('ibkr: a year of 1-minute bars through the backfill service, within IB pacing', () => {
  const clock = virtualClock(NOW);
  const f = twsAndCatalog({ now: clock.now, headTimestamp: Date.UTC(1990, 0, 2) });

  it('NYSE:IBM:1m for 2024 (RTH, xnys): exactly the source bars, no pacing violation, never more than 60 requests in 10 minutes', async () => {
    const svc = serviceOn(f.cat, clock);
    const started = clock.now();
    const job = await backfilled(svc, {
      series: 'NYSE:IBM:1m',
      provider: 'ibkr',
      from: FROM,
      to: TO,
      baseUrl: f.tws.url(),
    });
    expect(job.summary?.message ?? null).toBeNull();
    expect(job.state).toBe('done');
    const expected = sessionBars(IBM.conId, 60_000, FROM, TO, true);
    expect(expected.length).toBe(252 * 390 - 3 * 180); // 252 sessions; Jul 3, Nov 29, Dec 24 close at 13:00
    expect(await catalogRows(f.cat.catalog, parseSeriesId('NYSE:IBM:1m'))).toEqual(ohlcv(expected));

    expect(f.tws.violations).toEqual([]);
    const data = f.tws.dataRequests();
    // One request per session: each fits IB's longest 1-minute duration (one day).
    expect(data.length).toBe(252);
    const times = data.map((r) => r.at);
    for (const t of times)
      expect(times.filter((u) => u > t - 600_000 && u <= t).length).toBeLessThanOrEqual(60);
    // Every request asks for 1 min bars of conId 8314, TRADES, regular hours, epoch-second dates.
    expect(
      new Set(
        data.map((r) => [r.fields[2], r.fields[16], r.fields[18], r.fields[19], r.fields[20]].join(' ')),
      ),
    ).toEqual(new Set(['8314 1 min 1 TRADES 2']));
    // The pacing waits ran on the injected clock: 60 per 10 minutes means at least this much passed.
    expect(clock.now() - started).toBeGreaterThanOrEqual(Math.floor((data.length - 1) / 60) * 600_000);
    expect(ibSession({ host: '127.0.0.1', port: f.tws.port, clientId: 7 }).pacer.violations).toBe(0);
  }, 120_000);
});
