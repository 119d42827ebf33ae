import { useEffect } from 'react';
import { onEvent, onStreamStatus } from '../api/client';
import { showHealthAlert } from '../features/health/notify';
import { useCatalogStore } from '../stores/catalog';
import { useConnectionStore } from '../stores/connection';
import { useGapsStore } from '../stores/gaps';
import { useImportStore } from '../stores/import';
import { useJobsStore } from '../stores/jobs';
import { usePriceChartStore } from '../stores/price-chart';
import { useSchedulesStore } from '../stores/schedules';
import { useSeriesStore } from '../stores/series';
import { useTickSeriesStore } from '../stores/ticks';

// Many writes arrive in bursts during an import; one refresh per burst is enough.
const BURST_MS = 150;
// A long import is one endless burst: the table still refreshes at least this often meanwhile.
const MAX_WAIT_MS = 1000;

/** Subscribes the stores to main's events; returns the unsubscribe. */
export function subscribeEvents(): () => void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  let deadline: ReturnType<typeof setTimeout> | null = null;
  // Every id of the burst, not just the last event's: each may be the series on screen.
  const changed = new Set<string>();
  const stopTimers = () => {
    if (pending) clearTimeout(pending);
    if (deadline) clearTimeout(deadline);
    pending = null;
    deadline = null;
  };
  const flush = () => {
    stopTimers();
    const ids = new Set(changed);
    changed.clear();
    void useSeriesStore.getState().load();
    void useCatalogStore.getState().load();
    void useTickSeriesStore.getState().load();
    const gaps = useGapsStore.getState();
    if (gaps.id && ids.has(gaps.id)) void gaps.refresh();
    const prices = usePriceChartStore.getState();
    if (prices.id && ids.has(prices.id)) void prices.refresh();
  };
  const offs = [
    onEvent('seriesChanged', ({ ids }) => {
      for (const id of ids) changed.add(id);
      if (pending) clearTimeout(pending);
      pending = setTimeout(flush, BURST_MS);
      deadline ??= setTimeout(flush, MAX_WAIT_MS);
    }),
    // The bars did not change: the table's counts and the chart's markers did.
    onEvent('qualityChanged', ({ ids }) => {
      void useSeriesStore.getState().load();
      const prices = usePriceChartStore.getState();
      if (prices.id && ids.includes(prices.id)) void prices.refresh();
    }),
    onEvent('jobChanged', ({ job }) => {
      // Jobs belong to their catalog: one still running in the catalog left behind is not shown here.
      const dir = useCatalogStore.getState().info?.dir;
      if (job.catalogDir !== undefined && dir !== undefined && job.catalogDir !== dir) return;
      useJobsStore.getState().applyChanged(job);
      useImportStore.getState().onJob(job);
    }),
    onEvent('jobProgress', (p) => useJobsStore.getState().applyProgress(p)),
    // Sent once a schedule's state is saved, which is after its job ended.
    onEvent('schedulesChanged', () => void useSchedulesStore.getState().load()),
    onEvent('healthAlert', showHealthAlert),
    onStreamStatus((status) => {
      if (status === 'lost') {
        useConnectionStore.getState().setLost(true);
        return;
      }
      // Back after a drop: events sent meanwhile were missed, so query again what they would have told.
      void useSeriesStore.getState().load();
      void useTickSeriesStore.getState().load();
      void useJobsStore.getState().load();
    }),
    onEvent('catalogChanged', (info) => {
      useCatalogStore.getState().setInfo(info);
      useSeriesStore.getState().select(null);
      void useSeriesStore.getState().load();
      void useTickSeriesStore.getState().load();
      void useJobsStore.getState().load();
    }),
  ];
  return () => {
    for (const off of offs) off();
    stopTimers();
  };
}

/** Events carry only what changed; each store re-queries what it shows. */
export function useEvents(): void {
  useEffect(subscribeEvents, []);
}
