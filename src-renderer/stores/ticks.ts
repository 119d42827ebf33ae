import { create } from 'zustand';
import type { TickSeriesRow } from '../../src-shared/domain/ticks';
import { api, errorText } from '../api/client';

interface TickSeriesState {
  rows: TickSeriesRow[];
  error: string | null;
  load(): Promise<void>;
}

/** The catalog's tick series (quotes and trades) for their table; reloaded when series change. */
export const useTickSeriesStore = create<TickSeriesState>((set) => ({
  rows: [],
  error: null,
  async load() {
    try {
      set({ rows: await api().listTickSeries({}), error: null });
    } catch (err) {
      set({ error: `Could not list the tick series: ${errorText(err)}` });
    }
  },
}));
