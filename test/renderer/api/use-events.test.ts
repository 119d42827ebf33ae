import { afterEach, describe, expect, it, vi } from 'vitest';
import { installTransport } from '../../../src-renderer/api/client';
import { subscribeEvents } from '../../../src-renderer/app/useEvents';
import { LOST_CONNECTION, useConnectionStore } from '../../../src-renderer/stores/connection';
import { useGapsStore } from '../../../src-renderer/stores/gaps';
import { fakeTransport } from '../fake-transport';

afterEach(() => {
  vi.useRealTimers();
});

/** The answers of an empty catalog at /c to the reloads an event starts; `settings` adds to its settings. */
const emptyCatalog = (settings: Record<string, unknown>) => ({
  listSeries: () => [],
  catalogInfo: () => ({ dir: '/c', seriesCount: 0, empty: true }),
  getSettings: () => ({
    catalogDir: '/c',
    defaultTimezone: 'UTC',
    providers: {},
    keyStorage: 'session',
    ...settings,
  }),
});

/** An installed transport of an empty catalog, answering the lists a reload asks for. */
function reloadingTransport() {
  const fake = fakeTransport({ listSeries: () => [], listJobs: () => [], listTickSeries: () => [] });
  installTransport(fake.transport);
  return fake;
}

/** Waits until the calls are one reload of everything the app lists: series, jobs, tick series, health. */
async function reloaded(calls: { name: string }[]): Promise<void> {
  await vi.waitFor(() =>
    expect(calls.map((c) => c.name).sort()).toEqual([
      'healthReport',
      'listJobs',
      'listSeries',
      'listTickSeries',
    ]),
  );
}

describe('main events', () => {
  it('refreshes the shown series when any event of a burst names it, once per burst', async () => {
    const chart = (input: unknown) => ({
      id: (input as { id: string }).id,
      timeframe: '1h',
      range: { from: 0, to: 1 },
      extent: { from: 0, to: 1 },
      bucketMs: 3_600_000,
      buckets: [],
      gaps: [],
      gapTotal: 0,
      missingBars: 0,
    });
    const { transport, calls, emit } = fakeTransport({
      ...emptyCatalog({}),
      gapChart: chart,
    });
    installTransport(transport);
    useGapsStore.setState({ id: 'A:X:1h', pixels: 400 });
    vi.useFakeTimers();
    const off = subscribeEvents();
    emit('seriesChanged', { ids: ['A:X:1h'] });
    emit('seriesChanged', { ids: ['B:Y:1m'] });
    emit('seriesChanged', { ids: ['C:Z:1d'] });
    await vi.runAllTimersAsync();
    off();
    // The series reload asks for the health report too (the table's badges), and the tick series.
    expect(calls.map((c) => c.name).sort()).toEqual([
      'catalogInfo',
      'gapChart',
      'getSettings',
      'healthReport',
      'listSeries',
      'listTickSeries',
    ]);
    expect(calls.find((c) => c.name === 'gapChart')?.input).toEqual({
      id: 'A:X:1h',
      pixels: 400,
      gapLimit: 200,
    });
  });

  it('refreshes the series table every second while events keep coming', async () => {
    const { transport, calls, emit } = fakeTransport({
      ...emptyCatalog({ defaultProvider: 'binance-spot' }),
    });
    installTransport(transport);
    useGapsStore.setState({ id: null, pixels: 400 });
    vi.useFakeTimers();
    const off = subscribeEvents();
    const loads = () => calls.filter((c) => c.name === 'listSeries').length;
    // An event every 100 ms for 2.5 s: the 150 ms quiet time never comes.
    for (let i = 0; i < 25; i++) {
      emit('seriesChanged', { ids: ['A:X:1h'] });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(loads()).toBe(2);
    await vi.runAllTimersAsync();
    expect(loads()).toBe(3);
    off();
  });

  it('reloads series and jobs when the stream is back after a drop, and shows a banner when refused', async () => {
    const { calls, emitStatus } = reloadingTransport();
    useConnectionStore.setState({ lost: false });
    const off = subscribeEvents();
    emitStatus('resync');
    await reloaded(calls);
    expect(useConnectionStore.getState().lost).toBe(false);
    emitStatus('lost');
    off();
    expect(useConnectionStore.getState().lost).toBe(true);
    expect(LOST_CONNECTION).toBe(
      'Lost the connection to Barcat: reload the page opened from the URL the web host printed.',
    );
  });

  it('lists the tick series of a catalog opened instead', async () => {
    const { calls, emit } = reloadingTransport();
    const off = subscribeEvents();
    emit('catalogChanged', { dir: '/other', seriesCount: 0, empty: true });
    await reloaded(calls);
    off();
  });
});
