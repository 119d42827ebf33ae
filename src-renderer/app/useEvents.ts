import { useEffect } from 'react';
import { onEvent } from '../api/client';
import { useCatalogStore } from '../stores/catalog';
import { useGapsStore } from '../stores/gaps';
import { useImportStore } from '../stores/import';
import { useJobsStore } from '../stores/jobs';
import { useSeriesStore } from '../stores/series';

/** Events carry only what changed; each store re-queries what it shows. */
export function useEvents(): void {
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const offs = [
      onEvent('seriesChanged', ({ ids }) => {
        // Many writes arrive in bursts during an import; one refresh per burst is enough.
        if (pending) clearTimeout(pending);
        pending = setTimeout(() => {
          pending = null;
          void useSeriesStore.getState().load();
          void useCatalogStore.getState().load();
          const gaps = useGapsStore.getState();
          if (gaps.id && ids.includes(gaps.id)) void gaps.refresh();
        }, 150);
      }),
      onEvent('jobChanged', ({ job }) => {
        useJobsStore.getState().applyChanged(job);
        useImportStore.getState().onJob(job);
      }),
      onEvent('jobProgress', (p) => useJobsStore.getState().applyProgress(p)),
      onEvent('catalogChanged', (info) => {
        useCatalogStore.getState().setInfo(info);
        useSeriesStore.getState().select(null);
        void useSeriesStore.getState().load();
      }),
    ];
    return () => {
      for (const off of offs) off();
      if (pending) clearTimeout(pending);
    };
  }, []);
}
