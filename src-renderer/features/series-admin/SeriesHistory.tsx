import { useCallback, useEffect, useState } from 'react';
import type { GenerationView } from '../../../src-shared/domain/series-views/history';
import { api } from '../../api/client';
import { formatInt, formatTs } from '../../lib/format';
import { useSeriesStore } from '../../stores/series';
import { ConfirmDialog } from './ConfirmDialog';
import { adminErrorText, countsText, writerText } from './words';
import './series-admin.css';

/** The series' generations with what wrote each, "Undo last write", and "Delete…" (to the trash). */
export function SeriesHistory({ id, lastWriteAt }: { id: string; lastWriteAt: number | null }) {
  const [gens, setGens] = useState<GenerationView[] | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const load = useCallback(async () => {
    try {
      setGens((await api().seriesHistory({ id })).generations);
    } catch (err) {
      setMessage({ error: true, text: adminErrorText('The history could not be read', err) });
    }
  }, [id]);

  // Reloaded whenever the series is written (its last write time changes).
  useEffect(() => {
    void lastWriteAt;
    void load();
  }, [load, lastWriteAt]);

  // A message belongs to the series it was about: another series starts without one.
  useEffect(() => {
    void id;
    setMessage(null);
  }, [id]);

  const undo = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api().undoLastWrite({ id });
      setMessage({
        error: false,
        text: `Undone: ${formatInt(r.barsBefore)} → ${formatInt(r.barsAfter)} bars (${formatInt(r.barsRestored)} restored, ${formatInt(r.barsRemoved)} removed).${r.dbImportReset ? ` The database import of ${r.dbImportReset.source} will read its source from the start on its next run.` : ''}`,
      });
      await load();
    } catch (err) {
      setMessage({ error: true, text: adminErrorText('The undo failed', err) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api().deleteSeries({ id });
      setConfirmDelete(false);
      const series = useSeriesStore.getState();
      series.select(null);
      await series.load();
    } catch (err) {
      setConfirmDelete(false);
      setMessage({ error: true, text: adminErrorText('The series could not be deleted', err) });
    } finally {
      setBusy(false);
    }
  };

  const canUndo = (gens?.length ?? 0) > 1;
  return (
    <div className="history" data-testid="series-history">
      <div className="section-title history-head">
        History
        <span className="spacer" />
        <button
          type="button"
          disabled={busy || !canUndo}
          onClick={() => void undo()}
          data-testid="undo-last-write"
        >
          Undo last write
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
          Delete…
        </button>
      </div>
      {message && (
        <div className={message.error ? 'error-line' : 'ok-line'} data-testid="history-message">
          {message.text}
        </div>
      )}
      <table className="history-table">
        <thead>
          <tr>
            <th>Gen.</th>
            <th>Written by</th>
            <th>When</th>
            <th>Changes</th>
            <th className="num">Bars</th>
          </tr>
        </thead>
        <tbody data-testid="history-rows">
          {gens?.map((g) => (
            <tr key={`${g.generation}-${g.current}`} className={g.current ? 'current' : ''}>
              <td className="mono">
                {g.generation}
                {g.current ? ' (live)' : ''}
              </td>
              <td>
                {writerText(g)}
                {g.undo ? <span className="muted"> · restored by undo</span> : null}
              </td>
              <td className="mono">{g.at === null ? '—' : formatTs(g.at)}</td>
              <td>{countsText(g)}</td>
              <td className="num mono">{formatInt(g.bars)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirmDelete && (
        <ConfirmDialog
          title="Delete series"
          confirm="Move to trash"
          busy={busy}
          testId="delete-dialog"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => void remove()}
        >
          Move <span className="mono">{id}</span> with all its bars and its history to the catalog's trash? It
          can be restored from the trash until the trash is emptied.
        </ConfirmDialog>
      )}
    </div>
  );
}
