import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  LineSeries,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { Interval } from '../../../src-shared/domain/range';
import { nominalMs } from '../../../src-shared/domain/timeframe';
import { mark, markPainted } from '../../lib/perf';
import { CHART_COLORS, chartSeriesData, findingId } from '../../model/chart/view';
import { usePriceChartStore } from '../../stores/price-chart';
import { useTimeAxis } from '../../stores/time-axis';

/** Quiet time after the user's last wheel or drag step before the new range goes to the time axis. */
const SEND_RANGE_MS = 80;

interface Drawn {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  line: ISeriesApi<'Line'>;
  volume: ISeriesApi<'Histogram'>;
  shade: ISeriesApi<'Histogram'>;
  markers: ISeriesMarkersPluginApi<Time>;
  /** The range last put on screen (ms): the library echoes it back, and an echo is no user move. */
  applied: Interval | null;
  /** When the user last wheeled, dragged or pressed a key on the chart: only their moves move the time axis. */
  touchedAt: number;
  resolutionMs: number;
}

const sec = (ms: number) => (ms / 1000) as UTCTimestamp;

function mount(host: HTMLDivElement): Drawn {
  const chart = createChart(host, {
    width: host.clientWidth,
    height: host.clientHeight,
    layout: { background: { color: '#151a21' }, textColor: '#8b95a5', attributionLogo: false },
    grid: { vertLines: { color: '#1f2630' }, horzLines: { color: '#1f2630' } },
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#262d38' },
    rightPriceScale: { borderColor: '#262d38' },
  });
  // Shaded ranges: full-height columns on a hidden scale of their own, added first so they lie behind the bars.
  const shade = chart.addSeries(HistogramSeries, {
    priceScaleId: 'shade',
    lastValueVisible: false,
    priceLineVisible: false,
    base: 0,
  });
  chart.priceScale('shade').applyOptions({ scaleMargins: { top: 0, bottom: 0 }, visible: false });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: CHART_COLORS.up,
    downColor: CHART_COLORS.down,
    wickUpColor: CHART_COLORS.up,
    wickDownColor: CHART_COLORS.down,
    borderVisible: false,
  });
  const line = chart.addSeries(LineSeries, { color: CHART_COLORS.line, lineWidth: 1, visible: false });
  const volume = chart.addSeries(
    HistogramSeries,
    { priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false },
    1,
  );
  chart.panes()[1]?.setStretchFactor(0.25);
  return {
    chart,
    candles,
    line,
    volume,
    shade,
    markers: createSeriesMarkers(candles, []) as ISeriesMarkersPluginApi<Time>,
    applied: null,
    touchedAt: Number.NEGATIVE_INFINITY,
    resolutionMs: 0,
  };
}

/** A range change this long after the user's last input is the library's (a resize, new data), not theirs. */
const TOUCH_MS = 1000;

/** Puts the time axis' range on screen (the whole answer when it has none). */
function applyRange(d: Drawn, range: Interval | null, bars: number): void {
  if (range && bars > 0)
    d.chart.timeScale().setVisibleRange({ from: sec(range.from), to: sec(range.to - d.resolutionMs) });
  else d.chart.timeScale().fitContent();
}

/** Candles (or a close line) with volume below, gaps and findings drawn on them; wheel zooms, drag pans. */
export function PriceChartView() {
  const chart = usePriceChartStore((s) => s.chart);
  const mode = usePriceChartStore((s) => s.mode);
  const selection = useTimeAxis((s) => s.selection);
  const host = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | null>(null);
  const shown = useRef<typeof chart>(null);

  useEffect(() => {
    const d = mount(host.current!);
    drawn.current = d;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const el = host.current!;
    const touched = () => {
      d.touchedAt = performance.now();
    };
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const)
      el.addEventListener(type, touched, { passive: true });
    // Sized by hand, not autoSize: a new width shows the same range again, never a part of it.
    const sizer = new ResizeObserver(() => {
      d.chart.resize(el.clientWidth, el.clientHeight);
      const shownChart = usePriceChartStore.getState().chart;
      if (shownChart) applyRange(d, useTimeAxis.getState().range, shownChart.bars.ts.length);
    });
    sizer.observe(el);
    d.chart.timeScale().subscribeVisibleTimeRangeChange((r) => {
      if (!r || !d.applied || performance.now() - d.touchedAt > TOUCH_MS) return;
      const from = (r.from as number) * 1000;
      const to = (r.to as number) * 1000 + d.resolutionMs;
      const tolerance = Math.max(d.resolutionMs, 0.02 * (to - from));
      clearTimeout(timer);
      if (Math.abs(from - d.applied.from) <= tolerance && Math.abs(to - d.applied.to) <= tolerance) return;
      timer = setTimeout(() => {
        d.applied = { from: Math.round(from), to: Math.round(to) };
        useTimeAxis.getState().setRange(d.applied);
      }, SEND_RANGE_MS);
    });
    d.chart.subscribeClick((p) => {
      const shownChart = usePriceChartStore.getState().chart;
      const hit = shownChart?.findings.find((f) => findingId(f) === p.hoveredObjectId);
      if (hit) usePriceChartStore.getState().focusFinding(hit);
    });
    return () => {
      clearTimeout(timer);
      sizer.disconnect();
      d.chart.remove();
      drawn.current = null;
    };
  }, []);

  useEffect(() => {
    const d = drawn.current;
    if (!d || !chart) return;
    const start = performance.now();
    // What the user sees now: kept through new data unless the axis was moved from elsewhere.
    const seen = d.chart.timeScale().getVisibleRange();
    const data = chartSeriesData(chart, selection);
    d.candles.setData(data.candles);
    d.line.setData(data.line);
    d.volume.setData(data.volume);
    d.shade.setData(data.shade);
    d.markers.setMarkers(data.markers);
    const fresh = shown.current !== chart;
    const range = useTimeAxis.getState().range;
    // The axis holds the range this chart sent: the user may have zoomed on while it was fetched.
    const ours =
      range !== null && d.applied !== null && range.from === d.applied.from && range.to === d.applied.to;
    if (fresh) d.resolutionMs = nominalMs(chart.resolution);
    if (fresh && !ours) {
      d.applied = range ?? chart.range;
      applyRange(d, range, data.candles.length);
    } else if (seen) d.chart.timeScale().setVisibleRange(seen);
    if (fresh) {
      shown.current = chart;
      host.current!.dataset.drawMs = (performance.now() - start).toFixed(1);
      mark('barcat:price-chart-set');
      markPainted('barcat:price-chart-painted');
    }
  }, [chart, selection]);

  useEffect(() => {
    const d = drawn.current;
    if (!d) return;
    d.candles.applyOptions({ visible: mode === 'candles' });
    d.line.applyOptions({ visible: mode === 'line' });
  }, [mode]);

  return <div className="price-chart" data-testid="price-chart" ref={host} />;
}
