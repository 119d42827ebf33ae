import { create } from 'zustand';
import type { Interval } from '../../src-shared/domain/range';

/**
 * The one time axis the gap chart, the price chart and the bar browser share: which series, which
 * range is in view, which span is selected. Views only dispatch here; the stores that fetch (gaps,
 * price chart, bar browser) follow it, so data flows one way.
 */
interface TimeAxisState {
  id: string | null;
  /** The visible range; null shows the whole series. */
  range: Interval | null;
  /** A span picked on either chart (a gap, a finding); the bar browser shows the bars around it. */
  selection: Interval | null;
  /** Another series starts at its whole extent with nothing selected; the same one keeps its view. */
  showSeries(id: string | null): void;
  setRange(range: Interval | null): void;
  select(selection: Interval | null): void;
}

const sameInterval = (a: Interval | null, b: Interval | null) =>
  a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);

export const useTimeAxis = create<TimeAxisState>((set, get) => ({
  id: null,
  range: null,
  selection: null,
  showSeries(id) {
    if (id !== get().id) set({ id, range: null, selection: null });
  },
  // An equal range keeps its identity, so followers do not fetch the same view twice.
  setRange(range) {
    if (!sameInterval(range, get().range)) set({ range });
  },
  select(selection) {
    if (!sameInterval(selection, get().selection)) set({ selection });
  },
}));
