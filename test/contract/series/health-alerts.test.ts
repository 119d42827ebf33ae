import { describe, expect, it } from 'vitest';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import type { EventPayload } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { tempCoreOf } from '../temp-core';

const T0 = Date.UTC(2026, 11, 1);
const bar = (ts: number) => ({ ts, open: 10, high: 11, low: 9, close: 10.5, volume: 100 });

let clockReads = 0;
// The core's clock is fixed three days after the bars: both series are stale whatever today is.
const { call, core } = tempCoreOf('barcat-health-alerts-', {
  now: () => {
    clockReads++;
    return T0 + 3 * 86_400_000;
  },
});

/** One stale bar of series `id` in the core's catalog. */
const seedStale = (id: string) =>
  core()
    .catalog()
    .write(parseSeriesId(id), batchFromBars([bar(T0)]), 'merge');

describe('health notifications', () => {
  it('alerts once per new problem, only for series with notifications on', async () => {
    for (const id of ['BINANCE:BTCUSDT:1h', 'BINANCE:ETHUSDT:1h']) await seedStale(id);
    await call('setSeriesHealth', { id: 'BINANCE:BTCUSDT:1h', notify: true });
    const alerts: EventPayload<'healthAlert'>[] = [];
    core().events.subscribe((name, payload) => {
      if (name === 'healthAlert') alerts.push(payload as EventPayload<'healthAlert'>);
    });
    const first = await core().healthWatch.check();
    expect(first.map((a) => [a.series, a.problem.code])).toEqual([['BINANCE:BTCUSDT:1h', 'stale']]);
    expect(alerts).toEqual(first);
    // Still stale: not told again.
    expect(await core().healthWatch.check()).toEqual([]);
    // Turned off: nothing; on again, the standing problem is told once more.
    await call('setSeriesHealth', { id: 'BINANCE:BTCUSDT:1h', notify: false });
    expect(await core().healthWatch.check()).toEqual([]);
    await call('setSeriesHealth', { id: 'BINANCE:BTCUSDT:1h', notify: null });
    expect(await core().healthWatch.check()).toEqual([]);
    const report = await call<{ series: { id: string; notify: boolean }[] }>('healthReport');
    expect(report.series.map((s) => [s.id, s.notify])).toEqual([
      ['BINANCE:BTCUSDT:1h', false],
      ['BINANCE:ETHUSDT:1h', false],
    ]);
    await call('setSeriesHealth', { id: 'BINANCE:ETHUSDT:1h', notify: true });
    expect((await core().healthWatch.check()).map((a) => a.series)).toEqual(['BINANCE:ETHUSDT:1h']);
    expect(alerts.map((a) => a.series)).toEqual(['BINANCE:BTCUSDT:1h', 'BINANCE:ETHUSDT:1h']);
  });

  it('stores settings given under a lower-case id under the series id the report looks up', async () => {
    await seedStale('BINANCE:BTCUSDT:1h');
    await call('setSeriesHealth', { id: 'binance:btcusdt:1h', notify: true });
    const report = await call<{ series: { id: string; notify: boolean }[] }>('healthReport');
    expect(report.series.map((s) => [s.id, s.notify])).toEqual([['BINANCE:BTCUSDT:1h', true]]);
  });

  it('a renamed series keeps its health settings under its new id', async () => {
    await seedStale('BINANCE:BTCUSDT:1h');
    await call('setSeriesHealth', { id: 'BINANCE:BTCUSDT:1h', notify: true });
    await call('renameSeries', { id: 'BINANCE:BTCUSDT:1h', venue: 'COINBASE' });
    const report = await call<{ series: { id: string; notify: boolean }[] }>('healthReport');
    expect(report.series.map((s) => [s.id, s.notify])).toEqual([['COINBASE:BTCUSDT:1h', true]]);
  });

  it('runs one check at a time: checks asked for during one run once after it', async () => {
    await seedStale('BINANCE:BTCUSDT:1h');
    await call('setSeriesHealth', { id: 'BINANCE:BTCUSDT:1h', notify: true });
    const alerts: string[] = [];
    core().events.subscribe((name, payload) => {
      if (name === 'healthAlert') alerts.push((payload as EventPayload<'healthAlert'>).series);
    });
    clockReads = 0;
    const [a, b, c] = await Promise.all([
      core().healthWatch.check(),
      core().healthWatch.check(),
      core().healthWatch.check(),
    ]);
    // Each check reads the clock once: the first check, then one re-run for the two asked during it.
    expect(clockReads).toBe(2);
    expect([a.length, b.length, c.length]).toEqual([1, 0, 0]);
    expect(alerts).toEqual(['BINANCE:BTCUSDT:1h']);
  });

  it('refuses settings for a series that does not exist', async () => {
    await expect(call('setSeriesHealth', { id: 'BINANCE:NOPE:1h', notify: true })).rejects.toThrow(
      /BINANCE:NOPE:1h/,
    );
  });
});
