import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { transportKind } from '../api/client';
import { AvailabilityTable } from '../features/availability/AvailabilityTable';
import { SeriesFilters } from '../features/availability/SeriesFilters';
import { LakeActions } from '../features/export/LakeActions';
import { collectDropped, fromFileList } from '../features/import/collect-files';
import { JobsPanel } from '../features/jobs/JobsPanel';
import { AddSeriesDialog } from '../features/keep-current/AddSeriesDialog';
import { UpdateSeries } from '../features/keep-current/UpdateSeries';
import { DukascopyBackfill } from '../features/ticks/DukascopyBackfill';
import { TickSeriesTable } from '../features/ticks/TickSeriesTable';
import { DialogButton } from '../lib/DialogButton';
import { SeriesDetail } from '../screens/SeriesDetail';
import { useCatalogStore } from '../stores/catalog';
import { LOST_CONNECTION, useConnectionStore } from '../stores/connection';
import { useExportStore } from '../stores/export';
import { useImportStore } from '../stores/import';
import { useJobsStore } from '../stores/jobs';
import { useSeriesStore } from '../stores/series';
import { useTickSeriesStore } from '../stores/ticks';
import { ErrorBoundary } from './ErrorBoundary';
import { useEvents } from './useEvents';
import { Welcome } from './Welcome';

// Dialogs load when first opened: the first screen does not carry their code.
const ImportDialog = lazy(() =>
  import('../features/import/ImportDialog').then((m) => ({ default: m.ImportDialog })),
);
const SettingsDialog = lazy(() =>
  import('../features/settings/SettingsDialog').then((m) => ({ default: m.SettingsDialog })),
);
const ExportDialog = lazy(() =>
  import('../features/export/ExportDialog').then((m) => ({ default: m.ExportDialog })),
);
const DbImportDialog = lazy(() =>
  import('../features/db-import/DbImportDialog').then((m) => ({ default: m.DbImportDialog })),
);
const SqlPanel = lazy(() => import('../features/sql/SqlPanel').then((m) => ({ default: m.SqlPanel })));

export function App() {
  useEvents();
  const info = useCatalogStore((s) => s.info);
  const catalogError = useCatalogStore((s) => s.error);
  const lost = useConnectionStore((s) => s.lost);
  const { loaded, series, error: seriesError } = useSeriesStore();
  // A catalog holding only ticks (a Dukascopy backfill of ticks alone) is not empty.
  const tickSeries = useTickSeriesStore((s) => s.rows.length);
  const running = useJobsStore((s) => Object.values(s.jobs).filter((j) => j.state === 'running').length);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const dragDepth = useRef(0);

  useEffect(() => {
    void useCatalogStore.getState().load();
    void useSeriesStore.getState().load();
    void useTickSeriesStore.getState().load();
    void useJobsStore.getState().load();
  }, []);

  const beginImport = useImportStore((s) => s.begin);
  const importOpen = useImportStore((s) => s.phase !== 'idle');
  const settingsOpen = useCatalogStore((s) => s.settingsOpen);
  const exportOpen = useExportStore((s) => s.start !== null);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole window is the drop target for files
    <div
      className="app"
      onDragEnter={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        dragDepth.current++;
        setDragging(true);
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        dragDepth.current = 0;
        setDragging(false);
        void collectDropped(e.dataTransfer).then(beginImport);
      }}
    >
      <header className="topbar">
        <div className="brand">
          <span className="logo">▮▮▯</span> Barcat
        </div>
        <div className="catalog-path mono" title={info?.dir}>
          {info?.dir ?? 'opening catalog…'}
        </div>
        <span className="spacer" />
        <span className="transport muted">{transportKind() === 'web' ? 'browser' : 'desktop'}</span>
        <button
          type="button"
          className="primary"
          onClick={() => picker.current?.click()}
          data-testid="import-button"
        >
          Import…
        </button>
        <AddSeriesDialog />
        <DukascopyBackfill />
        <UpdateSeries />
        <DialogButton
          text="From database…"
          testId="db-import-button"
          dialog={(close) => <DbImportDialog onClose={close} />}
        />
        <DialogButton text="SQL" testId="sql-button" dialog={(close) => <SqlPanel onClose={close} />} />
        <LakeActions />
        <button
          type="button"
          onClick={() => useJobsStore.getState().setOpen(!useJobsStore.getState().open)}
          data-testid="jobs-button"
        >
          Jobs{running > 0 ? <span className="pill">{running}</span> : null}
        </button>
        <button type="button" onClick={() => useCatalogStore.getState().setSettingsOpen(true)}>
          Settings
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          accept=".csv,.txt,.tsv,.gz"
          data-testid="file-input"
          onChange={(e) => {
            void beginImport(fromFileList(e.target.files));
            e.target.value = '';
          }}
        />
      </header>
      {lost && (
        <div className="error-line banner" role="alert" data-testid="connection-lost">
          {LOST_CONNECTION}
        </div>
      )}
      {(catalogError || seriesError) && (
        <div className="error-line banner">{catalogError ?? seriesError}</div>
      )}
      <main className="body">
        {loaded && series.length === 0 && tickSeries === 0 ? (
          <Welcome onPick={() => picker.current?.click()} />
        ) : (
          <>
            <section
              className="table-pane"
              // A short catalog gives its space to the detail; a long one stops at 45% of the window.
              style={{ flexBasis: `min(45%, ${96 + Math.max(3, series.length) * 30}px)` }}
            >
              <SeriesFilters />
              <ErrorBoundary area="series table">
                <AvailabilityTable />
              </ErrorBoundary>
            </section>
            <TickSeriesTable />
            <section className="detail-pane">
              <ErrorBoundary area="series detail">
                <SeriesDetail />
              </ErrorBoundary>
            </section>
          </>
        )}
        <JobsPanel />
      </main>
      <Suspense fallback={null}>
        {importOpen && <ImportDialog />}
        {settingsOpen && <SettingsDialog />}
        {exportOpen && <ExportDialog />}
      </Suspense>
      {dragging && (
        <div className="drop-overlay">
          <div>Drop CSV files or folders to import</div>
        </div>
      )}
    </div>
  );
}
