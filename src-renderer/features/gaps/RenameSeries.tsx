import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { CommandOutput } from '../../../src-shared/contract';
import { api, errorWords } from '../../api/client';
import { useJobsStore } from '../../stores/jobs';
import { useSeriesStore } from '../../stores/series';
import { type RenameField as Field, relabelOutcome, renameErrorText, renameFollowText } from './rename-words';

/** What followed the last rename, kept outside the form: the detail shows the new series afresh. */
const useFollowNote = create<{ id: string | null; text: string | null }>(() => ({ id: null, text: null }));

/** The series renamed: its follow note, the table reloaded, the new id shown. */
async function followRename(renamed: CommandOutput<'renameSeries'>): Promise<void> {
  useFollowNote.setState({ id: renamed.id, text: renameFollowText(renamed) });
  const series = useSeriesStore.getState();
  await series.load();
  series.select(renamed.id);
}

const LABELS: Record<Field, string> = { venue: 'Venue', symbol: 'Symbol', timeframe: 'Timeframe label' };

/** A failed rename's error: main's refusals worded by the field they concern. */
const renameFailure = errorWords(renameErrorText);

/**
 * "Rename…": an inline form for the venue and symbol of the series shown, or its timeframe label (a
 * series imported under the wrong one; main refuses unless every bar sits on the new grid).
 */
export function RenameSeries(props: { id: string; venue: string; symbol: string; timeframe: string }) {
  const { id, venue, symbol, timeframe } = props;
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ venue, symbol, timeframe });
  const [error, setError] = useState<{ field?: Field; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const note = useFollowNote((n) => (n.id === id ? n.text : null));
  // A timeframe relabel runs as a job: the form follows it in the jobs store until it ends.
  const [relabelJob, setRelabelJob] = useState<string | null>(null);
  const job = useJobsStore((s) => (relabelJob ? s.jobs[relabelJob] : undefined));

  useEffect(() => {
    const outcome = job ? relabelOutcome(job) : null;
    if (!outcome) return;
    setRelabelJob(null);
    if ('error' in outcome) {
      setError(outcome.error);
      setBusy(false);
      return;
    }
    void followRename(outcome.renamed).finally(() => {
      setBusy(false);
      setOpen(false);
    });
  }, [job]);

  if (!open)
    return (
      <>
        <button
          type="button"
          onClick={() => {
            setValues({ venue, symbol, timeframe });
            setError(null);
            setOpen(true);
          }}
        >
          Rename…
        </button>
        {note && (
          <span className="muted" data-testid="rename-followed">
            {note}
          </span>
        )}
      </>
    );

  const submit = async () => {
    setBusy(true);
    setError(null);
    const relabel = values.timeframe !== timeframe;
    try {
      if (relabel && values.venue === venue && values.symbol === symbol) {
        const { jobId } = await api().startRelabel({ id, timeframe: values.timeframe });
        setRelabelJob(jobId);
        void useJobsStore.getState().load();
        return; // busy until the job ends (the effect above)
      }
      await followRename(
        await api().renameSeries(
          relabel
            ? {
                id,
                timeframe: values.timeframe,
                // Sent only when changed too: main refuses the two at once, and says why.
                ...(values.venue !== venue ? { venue: values.venue } : {}),
                ...(values.symbol !== symbol ? { symbol: values.symbol } : {}),
              }
            : { id, venue: values.venue, symbol: values.symbol },
        ),
      );
      setOpen(false);
    } catch (err) {
      setError(renameFailure(err));
    }
    setBusy(false);
  };

  const input = (field: Field) => (
    <label className="stat">
      <span className="stat-label">{LABELS[field]}</span>
      <input
        className="mono"
        data-testid={`rename-${field}`}
        value={values[field]}
        onChange={(e) => setValues({ ...values, [field]: e.target.value })}
      />
      {error?.field === field && <span className="error-line">{error.text}</span>}
    </label>
  );

  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {input('venue')}
      {input('symbol')}
      {input('timeframe')}
      <button type="submit" className="primary" disabled={busy}>
        Rename
      </button>
      <button type="button" disabled={busy} onClick={() => setOpen(false)}>
        Cancel
      </button>
      {job && (
        <span className="muted" data-testid="rename-job">
          {`Changing the label: ${job.done} of ${job.total ?? '?'} ${job.unit}`}
        </span>
      )}
      {error && !error.field && <span className="error-line">{error.text}</span>}
    </form>
  );
}
