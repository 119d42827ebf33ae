import { create } from 'zustand';
import type { ChartFinding, PriceChart } from '../../src-shared/domain/series-views/price-chart';
import { floorToTimeframe, nominalMs } from '../../src-shared/domain/timeframe';
import { api, errorText } from '../api/client';
import { mark } from '../lib/perf';
import { focusRange } from '../model/chart/view';
import { useTimeAxis } from './time-axis';

/** Quiet time after the last zoom or pan step before the range is asked for at its new resolution. */
export const CHART_DEBOUNCE_MS = 120;
/** Bars of the series' own timeframe a finding is shown among when it is clicked. */
const FOCUS_BARS = 120;

interface PriceChartState {
  id: string | null;
  chart: PriceChart | null;
  loading: boolean;
  error: string | null;
  /** Request counter: an answer for a range the user has already left is dropped. */
  seq: number;
  mode: 'candles' | 'line';
  setMode(mode: 'candles' | 'line'): void;
  /** Asks main for the time axis' range now (the axis' moves ask after CHART_DEBOUNCE_MS). */
  refresh(): Promise<void>;
  /** Zooms both charts to a finding and selects it (the bar browser shows the bars around it). */
  focusFinding(finding: ChartFinding): void;
}

export const usePriceChartStore = create<PriceChartState>((set, get) => ({
  id: null,
  chart: null,
  loading: false,
  error: null,
  seq: 0,
  mode: 'candles',
  setMode: (mode) => set({ mode }),
  async refresh() {
    const { id, range } = useTimeAxis.getState();
    const seq = get().seq + 1;
    set({ seq, id });
    if (!id) {
      set({ chart: null, loading: false, error: null });
      return;
    }
    set({ loading: true });
    try {
      mark('barcat:price-chart-requested');
      const chart = await api().priceChart({ id, ...(range ? { range } : {}) });
      if (get().seq !== seq) return;
      mark('barcat:price-chart-arrived');
      set({ chart, loading: false, error: null });
    } catch (err) {
      if (get().seq !== seq) return;
      set({ loading: false, error: `Could not draw the prices of ${id}: ${errorText(err)}` });
    }
  },
  focusFinding(finding) {
    const chart = get().chart;
    if (!chart?.extent) return;
    const axis = useTimeAxis.getState();
    const r = focusRange(finding, chart.extent, FOCUS_BARS * nominalMs(chart.timeframe));
    // Starting on the series' grid, the window holds whole bars: FOCUS_BARS of them, not one more.
    const from = floorToTimeframe(r.from, chart.timeframe);
    axis.setRange({ from, to: from + (r.to - r.from) });
    axis.select({ from: finding.from, to: finding.to });
  },
}));

let timer: ReturnType<typeof setTimeout> | null = null;

// Follows the shared time axis: another series at once, a moved range once the moves pause.
useTimeAxis.subscribe((axis, prev) => {
  if (axis.id === prev.id && axis.range === prev.range) return;
  if (timer) clearTimeout(timer);
  timer = null;
  if (axis.id !== prev.id) {
    usePriceChartStore.setState({ chart: null });
    void usePriceChartStore.getState().refresh();
  } else if (axis.range !== prev.range)
    timer = setTimeout(() => {
      timer = null;
      void usePriceChartStore.getState().refresh();
    }, CHART_DEBOUNCE_MS);
});
