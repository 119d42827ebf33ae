import { create } from 'zustand';
import type { GapChart } from '../../src-shared/contract';
import type { Interval } from '../../src-shared/domain/range';
import { nominalMs } from '../../src-shared/domain/timeframe';
import { api, errorText } from '../api/client';
import { mark } from '../lib/perf';
import { panRange, selectedGapIn, zoomRange } from '../model/gaps/view';
import { useTimeAxis } from './time-axis';

interface GapsState {
  id: string | null;
  chart: GapChart | null;
  pixels: number;
  loading: boolean;
  error: string | null;
  /** Request counter: a slow answer for an old range never overwrites a newer one. */
  seq: number;
  /** Shows a series; the visible range is the shared time axis' (stores/time-axis), which zoom and pan move. */
  show(id: string | null): Promise<void>;
  /** Chart width in CSS pixels; the chart asks main for one bucket per three pixels. */
  width: number;
  setWidth(width: number): Promise<void>;
  refresh(): Promise<void>;
  zoom(factor: number, center?: number): Promise<void>;
  pan(fraction: number): Promise<void>;
  setRange(range: Interval | null): Promise<void>;
  /** Selects a gap on the shared time axis (its selection is the selected gap, see useSelectedGap). */
  selectGap(gap: Interval | null): void;
}

/** The gap the time axis' selection picks in the chart shown, or null. */
export function useSelectedGap(): Interval | null {
  const gaps = useGapsStore((s) => s.chart?.gaps);
  const selection = useTimeAxis((s) => s.selection);
  return selectedGapIn(gaps ?? [], selection);
}

/** The refresh under way, so zoom and pan (which only move the time axis) can wait for their chart. */
let inflight: Promise<void> = Promise.resolve();

export const useGapsStore = create<GapsState>((set, get) => ({
  id: null,
  chart: null,
  pixels: 600,
  loading: false,
  error: null,
  seq: 0,
  async show(id) {
    if (id === get().id) return;
    useTimeAxis.getState().showSeries(id);
    set({ id, chart: null, error: null });
    await get().refresh();
  },
  width: 1200,
  async setWidth(width) {
    const w = Math.max(200, Math.round(width));
    const p = Math.max(50, Math.min(2000, Math.round(w / 3)));
    const changed = p !== get().pixels;
    set({ width: w, pixels: p });
    if (changed) await get().refresh();
  },
  refresh() {
    inflight = load();
    return inflight;
  },
  async zoom(factor, center = 0.5) {
    const { chart } = get();
    if (!chart?.extent) return;
    useTimeAxis
      .getState()
      .setRange(zoomRange(chart.range, chart.extent, factor, center, nominalMs(chart.timeframe)));
    await inflight;
  },
  async pan(fraction) {
    const { chart } = get();
    if (!chart?.extent) return;
    useTimeAxis.getState().setRange(panRange(chart.range, chart.extent, fraction));
    await inflight;
  },
  async setRange(range) {
    useTimeAxis.getState().setRange(range);
    await inflight;
  },
  selectGap: (gap) => useTimeAxis.getState().select(gap),
}));

/** Fetches the coverage of the time axis' range for the shown series; an answer overtaken by a newer request is dropped. */
async function load(): Promise<void> {
  const { getState: get, setState: set } = useGapsStore;
  const { id, pixels } = get();
  const range = useTimeAxis.getState().range;
  if (!id) return;
  const seq = get().seq + 1;
  set({ seq, loading: true });
  try {
    mark('barcat:gap-chart-requested');
    const chart = await api().gapChart({ id, pixels, gapLimit: 200, ...(range ? { range } : {}) });
    mark('barcat:gap-chart-arrived');
    if (get().seq !== seq) return;
    set({ chart, loading: false, error: null });
  } catch (err) {
    if (get().seq !== seq) return;
    set({ loading: false, error: `Could not draw the coverage of ${id}: ${errorText(err)}` });
  }
}

// The coverage follows the shared time axis, whichever chart moved it.
useTimeAxis.subscribe((axis, prev) => {
  if (axis.range !== prev.range && axis.id !== null && axis.id === useGapsStore.getState().id)
    void useGapsStore.getState().refresh();
});
