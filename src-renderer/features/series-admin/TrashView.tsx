import { useCallback, useEffect, useState } from 'react';
import type { TrashEntry } from '../../../src-shared/domain/series-views/history';
import { api } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatBytes, formatInt, formatTs } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useSeriesStore } from '../../stores/series';
import { ConfirmDialog } from './ConfirmDialog';
import { adminErrorText } from './words';

/** Deleted series waiting in the catalog's trash: restore one, or empty the trash for good. */
export function TrashView() {
  const [entries, setEntries] = useState<TrashEntry[]>([]);
  const { busy, error, setError, run } = useAction();
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const seriesCount = useSeriesStore((s) => s.series.length);

  const load = useCallback(async () => {
    try {
      setEntries(await api().listTrash({}));
    } catch (err) {
      setError(adminErrorText('The trash could not be read', err));
    }
  }, [setError]);

  // The listing changes with every delete and restore, which change the series count.
  useEffect(() => {
    void seriesCount;
    void load();
  }, [load, seriesCount]);

  const act = (fn: () => Promise<unknown>, what: string) =>
    run(
      async () => {
        await fn();
        await useSeriesStore.getState().load();
        await load();
      },
      (err) => adminErrorText(what, err),
    );

  if (entries.length === 0 && !error) return null;
  return (
    <div className="trash" data-testid="trash-view">
      <div className="section-title history-head">
        Trash
        <span className="spacer" />
        <button type="button" className="danger" disabled={busy} onClick={() => setConfirmEmpty(true)}>
          Empty trash…
        </button>
      </div>
      <ErrorLine text={error} />
      <table className="history-table">
        <tbody data-testid="trash-rows">
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="mono">{e.series}</td>
              <td className="mono">deleted {formatTs(e.deletedAt)}</td>
              <td className="num mono">{formatInt(e.bars)} bars</td>
              <td className="num mono">{formatBytes(e.bytes)}</td>
              <td>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      const r = await api().restoreFromTrash({ trashId: e.id });
                      useSeriesStore.getState().select(r.series);
                    }, 'The series could not be restored')
                  }
                >
                  Restore
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirmEmpty && (
        <ConfirmDialog
          title="Empty trash"
          confirm="Delete for good"
          busy={busy}
          testId="empty-trash-dialog"
          onCancel={() => setConfirmEmpty(false)}
          onConfirm={() => {
            setConfirmEmpty(false);
            void act(() => api().emptyTrash({}), 'The trash could not be emptied');
          }}
        >
          Delete the {entries.length} series in the trash for good? This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
