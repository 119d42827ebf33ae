import { create } from 'zustand';
import type { SeriesSummary } from '../../src-shared/domain/series-views/availability';
import type { HealthProblem } from '../../src-shared/domain/series-views/health';
import { api, errorText } from '../api/client';
import { mark } from '../lib/perf';
import {
  EMPTY_FILTER,
  nextSort,
  type SeriesFilter,
  type SeriesSort,
  type SortKey,
} from '../model/availability/view';

interface SeriesState {
  series: SeriesSummary[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** When the list last arrived (performance.now()), for the first-paint benchmark. */
  loadedAt: number;
  /** Health problems per series id (barcat health's report); series without problems are absent. */
  health: Record<string, HealthProblem[]>;
  /** Series whose desktop notifications are on. */
  notifyOn: Record<string, true>;
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
  health: {},
  notifyOn: {},
  filter: EMPTY_FILTER,
  sort: { key: 'symbol', dir: 'asc' },
  selectedId: null,
  async load() {
    set({ loading: true });
    try {
      const [series, report] = await Promise.all([
        api().listSeries({}),
        // A report that cannot be made leaves the table without badges rather than without rows.
        api()
          .healthReport({})
          .catch(() => null),
      ]);
      mark('barcat:series-arrived');
      const health: Record<string, HealthProblem[]> = {};
      const notifyOn: Record<string, true> = {};
      for (const s of report?.series ?? []) {
        if (s.problems.length > 0) health[s.id] = s.problems;
        if (s.notify) notifyOn[s.id] = true;
      }
      const selected = get().selectedId;
      set({
        series,
        health,
        notifyOn,
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
