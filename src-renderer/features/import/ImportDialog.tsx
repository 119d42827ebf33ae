import type { ConflictMode } from '../../../src-shared/domain/bar';
import type { ErrorPolicy } from '../../../src-shared/domain/import';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt, formatRate } from '../../lib/format';
import { cardKey, isRefreshing, MODE_HELP, touchedBars, useImportStore } from '../../stores/import';
import { jobFraction, useJobsStore } from '../../stores/jobs';
import { useSeriesStore } from '../../stores/series';
import { FileCard, ZoneList } from './FileCard';
import { ImportResult } from './ImportResult';
import { TickFileCard } from './TickFileCard';
import './import.css';

const MODES: ConflictMode[] = ['skip', 'overwrite', 'merge'];
const POLICIES: [ErrorPolicy, string][] = [
  ['reject', 'A file with any bad row is not imported; its bad rows are listed.'],
  ['skip', 'Bad rows are left out and counted; the rest of the file is imported.'],
];

export function ImportDialog() {
  const s = useImportStore();
  const job = useJobsStore((j) => (s.jobId ? j.jobs[s.jobId] : undefined));
  if (s.phase === 'idle') return null;
  const importable = s.previews.filter((p) => p.ok).length;
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label="Import" data-testid="import-dialog">
        <div className="modal-head">
          <h3>Import bars</h3>
          <button
            type="button"
            className="ghost"
            onClick={s.close}
            aria-label="Close import"
            disabled={s.phase === 'running'}
          >
            ✕
          </button>
        </div>
        {s.phase === 'staging' && (
          <div className="pad">
            Reading files…{' '}
            <span className="mono">
              {s.staged} / {s.stagingTotal}
            </span>
          </div>
        )}
        <ErrorLine text={s.error} />
        {s.phase === 'preview' && (
          <>
            <ZoneList />
            <div className="file-cards">
              {s.previews.map((p, i) =>
                p.tick ? (
                  <TickFileCard
                    key={cardKey(p)}
                    p={p}
                    choices={s.requests[i]?.ticks}
                    refreshing={cardKey(p) in s.refreshing}
                    onChoose={(c) => void s.chooseTicks(i, c)}
                    onRemove={() => s.remove(i)}
                  />
                ) : (
                  <FileCard
                    key={cardKey(p)}
                    p={p}
                    calendars={s.calendars}
                    refreshing={cardKey(p) in s.refreshing}
                    onChange={(o) => void s.override(i, o)}
                    onRemove={() => s.remove(i)}
                  />
                ),
              )}
            </div>
            <fieldset className="modes">
              <legend>When bars already exist</legend>
              {MODES.map((m) => (
                <label key={m} className={`mode${s.mode === m ? ' chosen' : ''}`}>
                  <input
                    type="radio"
                    name="mode"
                    value={m}
                    checked={s.mode === m}
                    onChange={() => s.setMode(m)}
                  />
                  <b>{m}</b>
                  <span className="muted">{MODE_HELP[m]}</span>
                </label>
              ))}
              <div className="touched mono" data-testid="touched-bars">
                {formatInt(touchedBars(s.previews))} existing bars are in the span of these files.
              </div>
            </fieldset>
            <fieldset className="modes">
              <legend>When a row is bad</legend>
              {POLICIES.map(([policy, help]) => (
                <label key={policy} className={`mode${s.onError === policy ? ' chosen' : ''}`}>
                  <input
                    type="radio"
                    name="on-error"
                    value={policy}
                    checked={s.onError === policy}
                    onChange={() => s.setOnError(policy)}
                  />
                  <b>{policy === 'reject' ? 'reject the file' : 'skip bad rows'}</b>
                  <span className="muted">{help}</span>
                </label>
              ))}
            </fieldset>
            {s.previews.some((p) => p.ok && p.importedBefore) && (
              <label className="import-again">
                <input
                  type="checkbox"
                  checked={s.force}
                  onChange={(e) => s.setForce(e.target.checked)}
                  data-testid="import-again"
                />
                Import again the files imported before, with the mode chosen above
              </label>
            )}
            <div className="modal-foot">
              <span className="muted">
                {importable} of {s.previews.length} files ready
              </span>
              <button type="button" onClick={s.close}>
                Cancel
              </button>
              <button
                type="button"
                className="primary"
                disabled={importable === 0 || isRefreshing(s.refreshing)}
                onClick={() => void s.start()}
                data-testid="start-import"
              >
                Import {importable} file{importable === 1 ? '' : 's'}
              </button>
            </div>
          </>
        )}
        {(s.phase === 'running' || s.phase === 'summary') && job && (
          <div className="pad">
            <div className="job-top">
              <span className={`badge ${job.state}`}>{job.state}</span>
              <span className="job-title">{job.title}</span>
            </div>
            <div className="progress">
              <div
                className="progress-fill"
                style={{ width: `${Math.round((jobFraction(job) ?? 0) * 100)}%` }}
              />
            </div>
            <div className="job-meta mono">
              <span>
                {formatInt(job.done)}
                {job.total !== null ? ` / ${formatInt(job.total)}` : ''} {job.unit}
              </span>
              {s.phase === 'running' && <span>{formatRate(job.ratePerSec, job.unit)}</span>}
            </div>
            {job.message && (
              <div className="job-message" data-testid="import-summary">
                {job.message}
              </div>
            )}
            {job.seriesIds.length > 0 && <div className="muted mono">{job.seriesIds.join('  ')}</div>}
            {job.importFiles ? (
              <ImportResult files={job.importFiles} />
            ) : (
              job.problems.length > 0 && (
                <div className="problems-box">
                  <div className="section-title">{formatInt(job.problems.length)} problems</div>
                  <pre>{job.problems.slice(0, 500).join('\n')}</pre>
                </div>
              )
            )}
            <div className="modal-foot">
              {s.phase === 'running' ? (
                <button type="button" onClick={() => void useJobsStore.getState().cancel(job.id)}>
                  Cancel import
                </button>
              ) : (
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    s.close();
                    // Show what was just imported.
                    if (job.seriesIds[0]) useSeriesStore.getState().select(job.seriesIds[0]);
                  }}
                >
                  Done
                </button>
              )}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
