import { describe, expect, it } from 'vitest';
import { backfillJobView } from '../../../../src-main/engines/backfill/jobs/job-view';
import { jobNoteText } from '../../../../src-shared/domain/job-notes';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { binanceBackfillArgs, cliAt } from '../cli-io';
import { backfilled, catalogRows, DAY, HOUR, serverAndCatalog, service, T0 } from '../helpers';

// A provider answer that repeats open times: the first bar of each time is kept, and every bar
// dropped is counted in the job's summary, its panel words and `barcat backfill`'s output.
const NOW = T0 + 10 * DAY;
const KEY = parseSeriesId('BINANCE:BTCUSDT:1h');
const row = (t: number, close: string) => [
  t,
  '10',
  '12',
  '9',
  close,
  '5',
  t + HOUR - 1,
  '55',
  3,
  '0',
  '0',
  '0',
];
// Four hours; 01:00 answered twice (closes 11, then 10.5) and 03:00 three times.
const ROWS = [
  row(T0, '11'),
  row(T0 + HOUR, '11'),
  row(T0 + HOUR, '10.5'),
  row(T0 + 2 * HOUR, '11'),
  row(T0 + 3 * HOUR, '11.5'),
  row(T0 + 3 * HOUR, '9.5'),
  row(T0 + 3 * HOUR, '9.75'),
];
const STORED = [
  { ts: T0, open: 10, high: 12, low: 9, close: 11, volume: 5 },
  { ts: T0 + HOUR, open: 10, high: 12, low: 9, close: 11, volume: 5 },
  { ts: T0 + 2 * HOUR, open: 10, high: 12, low: 9, close: 11, volume: 5 },
  { ts: T0 + 3 * HOUR, open: 10, high: 12, low: 9, close: 11.5, volume: 5 },
];
const WORDS =
  '3 duplicate bar(s) dropped: the provider answered an open time more than once (the first answer kept, first at 2024-03-04T01:00:00.000Z)';

describe('duplicate open times in a provider answer', () => {
  const f = serverAndCatalog(NOW);
  const answerWithDuplicates = () =>
    f.server.inject({
      kind: 'reply',
      pathPrefix: '/api/v3/klines',
      reply: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(ROWS) },
    });

  it('the backfill keeps the first of each, counts the rest in its summary, and the jobs panel says so', async () => {
    answerWithDuplicates();
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    const request = {
      series: 'BINANCE:BTCUSDT:1h',
      from: T0,
      to: T0 + 4 * HOUR,
      provider: 'binance-spot' as const,
    };
    const job = await backfilled(svc, { ...request, baseUrl: f.server.url });
    expect([
      job.state,
      job.summary?.barsWritten,
      job.summary?.duplicatesDropped,
      job.summary?.firstDuplicateTs,
    ]).toEqual(['done', 4, 3, T0 + HOUR]);
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(STORED);
    // Main sends the count and first time as a reason code; the panel words it.
    const view = backfillJobView(job);
    expect([view.message, view.notes]).toEqual([
      '4 bars written',
      [{ reason: 'duplicates-dropped', count: 3, firstTs: T0 + HOUR }],
    ]);
    expect(view.notes?.map(jobNoteText)).toEqual([WORDS]);
  });

  it('barcat backfill prints the count and the first time', async () => {
    answerWithDuplicates();
    const r = await cliAt(
      NOW,
      binanceBackfillArgs(f, {
        series: 'BINANCE:BTCUSDT:1h',
        from: '2024-03-04T00:00:00Z',
        to: '2024-03-04T04:00:00Z',
      }),
    );
    expect(r.code).toBe(0);
    const id = /^job (bf-\S+) done/.exec(r.out)?.[1];
    expect(r.out).toBe(
      `job ${id} done: BINANCE:BTCUSDT:1h from binance-spot, 2024-03-04T00:00:00Z .. 2024-03-04T04:00:00Z\n  requests 1, retries 0, bars written 4\n  checked-empty ranges 0\n  parked failures 0\n  ${WORDS}\n`,
    );
  });
});
