import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installTransport } from '../../../src-renderer/api/client';
import { selectedGapIn } from '../../../src-renderer/model/gaps/view';
import { useGapsStore } from '../../../src-renderer/stores/gaps';
import { CHART_DEBOUNCE_MS, usePriceChartStore } from '../../../src-renderer/stores/price-chart';
import { useTimeAxis } from '../../../src-renderer/stores/time-axis';
import type { Interval } from '../../../src-shared/domain/range';
import type { PriceChart } from '../../../src-shared/domain/series-views/price-chart';
import { fakeTransport } from '../fake-transport';

const H = 3_600_000;
const EXTENT = { from: 0, to: 1000 * H };
const ID = 'A:X:1h';

function gapChart(input: unknown) {
  const i = input as { id: string; range?: Interval };
  const range = i.range ?? EXTENT;
  return {
    id: i.id,
    timeframe: '1h',
    range,
    extent: EXTENT,
    bucketMs: H,
    buckets: [],
    gaps: [{ from: 10 * H, to: 12 * H, missingBars: 2 }],
    gapTotal: 1,
    missingBars: 2,
  };
}

function priceChart(input: unknown): PriceChart {
  const i = input as { id: string; range?: Interval };
  return {
    id: i.id,
    timeframe: '1h',
    resolution: '1h',
    range: i.range ?? EXTENT,
    extent: EXTENT,
    bars: { ts: [], open: [], high: [], low: [], close: [], volume: [] },
    gaps: [],
    gapTotal: 0,
    checkedEmpty: [],
    findings: [],
    findingTotal: 0,
    qualityCheckedAt: null,
  };
}

/** Answers in the order they are released, so a test can let a newer answer overtake an older one. */
function heldAnswers() {
  const held: (() => void)[] = [];
  const answer = (input: unknown) =>
    new Promise<PriceChart>((resolve) => held.push(() => resolve(priceChart(input))));
  return { answer, release: (i: number) => held[i]!() };
}

beforeEach(() => {
  vi.useFakeTimers();
  useTimeAxis.setState({ id: null, range: null, selection: null });
  useGapsStore.setState({ id: null, chart: null, pixels: 400, seq: 0 });
  usePriceChartStore.setState({ id: null, chart: null, seq: 0 });
});
afterEach(() => vi.useRealTimers());

describe('the shared time axis', () => {
  it('moves both charts: a gap chart zoom is fetched by the price chart once the moves pause', async () => {
    const { transport, calls } = fakeTransport({ gapChart, priceChart });
    installTransport(transport);
    await useGapsStore.getState().show(ID);
    await vi.runAllTimersAsync();
    await useGapsStore.getState().zoom(0.5, 0.5);
    await useGapsStore.getState().zoom(0.5, 0.5);
    await vi.advanceTimersByTimeAsync(CHART_DEBOUNCE_MS - 1);
    const price = () => calls.filter((c) => c.name === 'priceChart').map((c) => c.input);
    // The series was shown at once; the two zoom steps are not asked for yet.
    expect(price()).toEqual([{ id: ID }]);
    await vi.advanceTimersByTimeAsync(1);
    expect(price()).toEqual([{ id: ID }, { id: ID, range: { from: 375 * H, to: 625 * H } }]);
    expect(calls.filter((c) => c.name === 'gapChart').map((c) => c.input)).toEqual([
      { id: ID, pixels: 400, gapLimit: 200 },
      { id: ID, pixels: 400, gapLimit: 200, range: { from: 250 * H, to: 750 * H } },
      { id: ID, pixels: 400, gapLimit: 200, range: { from: 375 * H, to: 625 * H } },
    ]);
    expect(usePriceChartStore.getState().chart?.range).toEqual({ from: 375 * H, to: 625 * H });
  });

  it('a price chart move (wheel zoom) moves the gap chart; an answer for a range already left is dropped', async () => {
    const { answer, release } = heldAnswers();
    const { transport, calls } = fakeTransport({ gapChart, priceChart: answer });
    installTransport(transport);
    await useGapsStore.getState().show(ID);
    useTimeAxis.getState().setRange({ from: 100 * H, to: 200 * H });
    await vi.advanceTimersByTimeAsync(CHART_DEBOUNCE_MS);
    useTimeAxis.getState().setRange({ from: 110 * H, to: 130 * H });
    await vi.advanceTimersByTimeAsync(CHART_DEBOUNCE_MS);
    expect(useGapsStore.getState().chart?.range).toEqual({ from: 110 * H, to: 130 * H });
    // Answers: the series' whole extent, then the first range, then the second; released newest first.
    release(2);
    await vi.runAllTimersAsync();
    expect(usePriceChartStore.getState().chart?.range).toEqual({ from: 110 * H, to: 130 * H });
    release(1);
    release(0);
    await vi.runAllTimersAsync();
    expect(usePriceChartStore.getState().chart?.range).toEqual({ from: 110 * H, to: 130 * H });
    expect(calls.filter((c) => c.name === 'priceChart')).toHaveLength(3);
  });

  it('clicking a finding zooms both charts to it and selects it; another series starts whole', async () => {
    const { transport } = fakeTransport({ gapChart, priceChart });
    installTransport(transport);
    await useGapsStore.getState().show(ID);
    await vi.runAllTimersAsync();
    usePriceChartStore
      .getState()
      .focusFinding({ check: 'spike', from: 500 * H, to: 501 * H, bars: 1, field: 'low' });
    // 120 one-hour bars centred on the finding.
    expect(useTimeAxis.getState()).toMatchObject({
      range: { from: 440 * H, to: 560 * H },
      selection: { from: 500 * H, to: 501 * H },
    });
    await vi.runAllTimersAsync();
    expect(useGapsStore.getState().chart?.range).toEqual({ from: 440 * H, to: 560 * H });
    expect(usePriceChartStore.getState().chart?.range).toEqual({ from: 440 * H, to: 560 * H });
    // The selected gap is the axis' selection over a listed gap: a finding selects none.
    const selectedGap = () =>
      selectedGapIn(useGapsStore.getState().chart!.gaps, useTimeAxis.getState().selection);
    expect(selectedGap()).toBeNull();
    useGapsStore.getState().selectGap({ from: 10 * H, to: 12 * H });
    expect(useTimeAxis.getState().selection).toEqual({ from: 10 * H, to: 12 * H });
    expect(selectedGap()).toEqual({ from: 10 * H, to: 12 * H });
    // Picking a finding afterwards replaces it: no stale gap stays selected behind the finding.
    usePriceChartStore
      .getState()
      .focusFinding({ check: 'spike', from: 500 * H, to: 501 * H, bars: 1, field: 'low' });
    expect(selectedGap()).toBeNull();

    await useGapsStore.getState().show('B:Y:1h');
    // 120 one-hour bars centred on the finding.
    expect(useTimeAxis.getState()).toMatchObject({ id: 'B:Y:1h', range: null, selection: null });
  });
});
