import { useState } from 'react';
import type { UpdateOutcomeView } from '../../../src-shared/domain/job-kinds/keep-current';
import { api } from '../../api/client';
import { useAction } from '../../lib/use-action';
import { useJobsStore } from '../../stores/jobs';
import { dateInput, outcomeText } from './words';
import './keep-current.css';

type Mode = { kind: 'to-now' } | { kind: 'extend'; to: number | 'all-history' };

/**
 * "Update to now" and "Extend history" for the given series (one, or those the filters show), or
 * "Update all to now" for every series with a provider when none are given (what `barcat update`
 * does). Each series runs as a job.
 */
export function UpdateSeries({ ids, scope }: { ids?: string[]; scope?: 'shown' }) {
  const { busy, error, run } = useAction();
  const [back, setBack] = useState('');
  const [outcomes, setOutcomes] = useState<UpdateOutcomeView[] | null>(null);
  const backMs = back === '' ? 'all-history' : dateInput(back);

  const update = (mode: Mode) => {
    setOutcomes(null);
    // The jobs show in the Jobs panel while they run.
    useJobsStore.getState().setOpen(true);
    return run(async () => setOutcomes(await api().updateSeries({ ...(ids ? { ids } : {}), mode })));
  };

  return (
    <span className="update-series" data-testid="update-series">
      <button type="button" disabled={busy} onClick={() => void update({ kind: 'to-now' })}>
        {!ids
          ? 'Update all to now'
          : scope === 'shown'
            ? `Update ${ids.length} shown to now`
            : 'Update to now'}
      </button>
      {ids && (
        <>
          <input
            type="date"
            aria-label="Extend history back to (empty: first available bar)"
            title="Empty: back to the first bar the provider has"
            value={back}
            onChange={(e) => setBack(e.target.value)}
          />
          <button
            type="button"
            disabled={busy || backMs === null}
            onClick={() => backMs !== null && void update({ kind: 'extend', to: backMs })}
          >
            Extend history
          </button>
        </>
      )}
      {busy && <span className="muted">updating…</span>}
      {outcomes && (
        <span className="muted" data-testid="update-outcome">
          {outcomes.length === 0 ? 'No series has a provider.' : outcomes.map(outcomeText).join('; ')}
        </span>
      )}
      {error && <span className="error-line">{error}</span>}
    </span>
  );
}
