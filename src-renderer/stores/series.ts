import { create } from 'zustand';
import type { SeriesSummary } from '../../src-shared/domain/availability';
import { api, errorText } from '../api/client';
import {
  EMPTY_FILTER,
  nextSort,
  type SeriesFilter,
  type SeriesSort,
  type SortKey,
} from '../features/availability/view';
import { mark } from '../lib/perf';

interface SeriesState {
  series: SeriesSummary[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** When the list last arrived (performance.now()), for the first-paint benchmark. */
  loadedAt: number;
  filter: SeriesFilter;
  sort: SeriesSort;
  selectedId: string | null;
  load(): Promise<void>;
  setFilter(patch: Partial<SeriesFilter>): void;
  sortBy(key: SortKey): void;
  select(id: string | null): void;
}

export const useSeriesStore = create<SeriesState>((set, get) => ({
  series: [],
  loaded: false,
  loading: false,
  error: null,
  loadedAt: 0,
  filter: EMPTY_FILTER,
  sort: { key: 'symbol', dir: 'asc' },
  selectedId: null,
  async load() {
    set({ loading: true });
    try {
      const series = await api().listSeries({});
      mark('barcat:series-arrived');
      const selected = get().selectedId;
      set({
        series,
        loaded: true,
        loading: false,
        error: null,
        loadedAt: globalThis.performance?.now() ?? 0,
        selectedId: selected && series.some((s) => s.id === selected) ? selected : null,
      });
    } catch (err) {
      set({ loading: false, error: `Could not list the series: ${errorText(err)}` });
    }
  },
  setFilter: (patch) => set({ filter: { ...get().filter, ...patch } }),
  sortBy: (key) => set({ sort: nextSort(get().sort, key) }),
  select: (id) => set({ selectedId: id }),
}));
