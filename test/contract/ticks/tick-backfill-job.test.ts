import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableToBars } from '../../../src-main/engines/catalog/index';
import type { JobView } from '../../../src-shared/contract';
import {
  type DukascopyServer,
  type DukaTick,
  startDukascopyServer,
} from '../../helpers/provider-server/vendors/dukascopy';
import { DUKA_D1 as D1, DUKA_D2 as D2, EURUSD_TICKS as TICKS } from '../../helpers/ticks/duka-ticks';
import { finishedJob, tempCoreOf } from '../temp-core';

// Dukascopy ticks as a job of the one registry: started by the contract (what the app's dialog
// sends), run in a worker thread by the same call as `barcat backfill DUKASCOPY:...`, cancelled,
// and resumed by starting it again, which asks only the hours still missing.
const H = 3_600_000;
const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;
const REQ = { symbol: 'eurusd', from: D1, to: D2 + 4 * H };

let server: DukascopyServer;
const { call, core } = tempCoreOf('barcat-tick-backfill-job-');
beforeEach(async () => {
  server = await startDukascopyServer({ EURUSD: TICKS }, { EURUSD: 100_000 });
});
afterEach(async () => {
  await server.close();
});

async function stored(): Promise<number[][]> {
  const t = await core().catalog().ticks!.query(KEY);
  if (t.kind !== 'quotes') throw new Error('quotes expected');
  return Array.from({ length: t.length }, (_, i) => [t.ts[i]! / 1000, t.ask[i]!, t.bid[i]!]);
}
const rows = (ticks: DukaTick[]) => ticks.map((t) => [t.ts, t.ask, t.bid]);
const hourPath = (t: number) => {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `/datafeed/EURUSD/${d.getUTCFullYear()}/${p(d.getUTCMonth())}/${p(d.getUTCDate())}/${p(d.getUTCHours())}h_ticks.bi5`;
};

describe('Dukascopy backfill as a job', () => {
  it('stores the exact ticks and 1m mid bars of 28 hours, with progress in hours and one line of figures', async () => {
    const { jobId } = await call<{ jobId: string }>('startTickBackfill', {
      ...REQ,
      bars: { timeframe: '1m', price: 'mid' },
      baseUrl: server.bi5Base,
    });
    const job = await finishedJob(call, jobId);
    expect(job).toMatchObject({
      kind: 'tick-backfill',
      title: 'Backfill DUKASCOPY:EURUSD:quotes from Dukascopy',
      state: 'done',
      unit: 'hours',
      done: 28,
      total: 28,
      problems: [],
      seriesIds: ['DUKASCOPY:EURUSD:quotes', 'DUKASCOPY:EURUSD:1m'],
      message:
        '5 ticks written from 4 of 28 hours asked (0 already present); 4 empty spans recorded; DUKASCOPY:EURUSD:1m: 5 bars added, 0 replaced (ticks:DUKASCOPY:EURUSD:quotes price=mid volume = summed size)',
    });
    expect(await stored()).toEqual(rows(TICKS));
    const table = await core()
      .catalog()
      .query({ venue: 'DUKASCOPY', symbol: 'EURUSD', timeframe: '1m' }, undefined);
    // One tick per minute: each bar's prices are that tick's mid.
    expect(tableToBars(table).map((b) => [b.ts, b.open, b.high, b.low, b.close])).toEqual(
      TICKS.map((t) => {
        const mid = (t.ask + t.bid) / 2;
        return [Math.floor(t.ts / 60_000) * 60_000, mid, mid, mid, mid];
      }),
    );
    expect(server.requests).toHaveLength(28);
  });

  it('a cancel keeps the day written; starting it again asks only the 4 hours still missing', async () => {
    server.fault('EURUSD', D2 + 3 * H, 'hold');
    const { jobId } = await call<{ jobId: string }>('startTickBackfill', { ...REQ, baseUrl: server.bi5Base });
    // Day 1 is written before day 2 is asked: once the held hour is asked, day 1 is stored.
    while (!server.requests.includes(hourPath(D2 + 3 * H))) await new Promise((r) => setTimeout(r, 20));
    await call('cancelJob', { jobId });
    const cancelled = await finishedJob(call, jobId);
    expect([cancelled.state, cancelled.message]).toEqual([
      'cancelled',
      'Cancelled; the hours written stay, start it again to fetch the rest',
    ]);
    expect(await stored()).toEqual(rows(TICKS.slice(0, 3)));

    server.fault('EURUSD', D2 + 3 * H, null);
    const asked = server.requests.length;
    const again = await call<{ jobId: string }>('startTickBackfill', { ...REQ, baseUrl: server.bi5Base });
    const job: JobView = await finishedJob(call, again.jobId);
    expect([job.state, job.done, job.total, job.message]).toEqual([
      'done',
      4,
      4,
      '2 ticks written from 2 of 4 hours asked (24 already present); 2 empty spans recorded',
    ]);
    expect(server.requests.slice(asked)).toEqual([0, 1, 2, 3].map((h) => hourPath(D2 + h * H)));
    expect(await stored()).toEqual(rows(TICKS));
  });

  it('refuses an unknown instrument at once, starting no job', async () => {
    await expect(
      call('startTickBackfill', { ...REQ, symbol: 'XXXYYY', baseUrl: server.bi5Base }),
    ).rejects.toThrow(
      /^startTickBackfill: Dukascopy instrument XXXYYY is not known to Barcat \(its price scale is needed to read the ticks\); known: EURUSD, /,
    );
    expect(await call<JobView[]>('listJobs')).toEqual([]);
    expect(server.requests).toEqual([]);
  });
});
