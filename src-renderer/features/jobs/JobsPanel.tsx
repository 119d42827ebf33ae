import { jobNoteText } from '../../../src-shared/domain/job-notes';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatDuration, formatInt, formatRate, formatTs } from '../../lib/format';
import { jobFraction, sortedJobs, useJobsStore } from '../../stores/jobs';
import { DeadLetters } from './DeadLetters';
import { MaintenanceSummary } from './MaintenanceSummary';
import './jobs.css';

export function JobsPanel() {
  const { jobs, open, setOpen, cancel, retry, resume, error } = useJobsStore();
  if (!open) return null;
  const list = sortedJobs(jobs);
  return (
    <aside className="drawer" aria-label="Jobs" data-testid="jobs-panel">
      <div className="drawer-head">
        <h3>Jobs</h3>
        <button type="button" className="ghost" onClick={() => setOpen(false)} aria-label="Close jobs">
          ✕
        </button>
      </div>
      <ErrorLine text={error} />
      <DeadLetters />
      {list.length === 0 && (
        <div className="muted pad">No jobs yet. Imports, backfills and catalog checks show up here.</div>
      )}
      <div className="job-list">
        {list.map((j) => {
          const f = jobFraction(j);
          const running = j.state === 'running' || j.state === 'queued';
          return (
            <div key={j.id} className={`job state-${j.state}`} data-job-id={j.id} data-job-state={j.state}>
              <div className="job-top">
                <span className={`badge ${j.state}`}>{j.state}</span>
                {j.stalled && (
                  <span
                    className="badge stalled"
                    data-testid="job-stalled"
                    title="No progress reported for a while: it may be stuck. Cancel it, then start it again."
                  >
                    stalled
                  </span>
                )}
                <span className="job-title" title={j.title}>
                  {j.title}
                </span>
                <span className="muted mono">{formatTs(j.createdAt)}</span>
              </div>
              <div className="progress">
                <div
                  className={`progress-fill${f === null && running ? ' indeterminate' : ''}`}
                  style={{ width: `${Math.round((f ?? (running ? 0.3 : 0)) * 100)}%` }}
                />
              </div>
              <div className="job-meta mono">
                <span>
                  {formatInt(j.done)}
                  {j.total !== null ? ` / ${formatInt(j.total)}` : ''} {j.unit}
                </span>
                {running && <span>{formatRate(j.ratePerSec, j.unit)}</span>}
                {running && <span>ETA {formatDuration(j.etaMs)}</span>}
                {j.parked > 0 && <span className="warn">{j.parked} parked</span>}
              </div>
              {j.message && <div className="job-message">{j.message}</div>}
              {j.notes?.map((n) => {
                const text = jobNoteText(n);
                return text === null ? null : (
                  <div key={n.reason} className="job-message" data-testid="job-note">
                    {text}
                  </div>
                );
              })}
              {j.maintenance && <MaintenanceSummary result={j.maintenance} problems={j.problems} />}
              {!j.maintenance && j.problems.length > 0 && (
                <details className="problems">
                  <summary>{formatInt(j.problems.length)} problems</summary>
                  <pre>{j.problems.slice(0, 200).join('\n')}</pre>
                  <button
                    type="button"
                    className="ghost"
                    onClick={() => void navigator.clipboard?.writeText(j.problems.join('\n'))}
                  >
                    Copy all
                  </button>
                </details>
              )}
              <div className="job-actions">
                {running && (
                  <button type="button" onClick={() => void cancel(j.id)}>
                    Cancel
                  </button>
                )}
                {running && j.stalled && j.kind === 'backfill' && (
                  <button
                    type="button"
                    onClick={() => void resume(j.id)}
                    title="Stop it and start it again: only what is still missing is fetched"
                  >
                    Resume
                  </button>
                )}
                {j.parked > 0 && !running && (
                  <button type="button" onClick={() => void retry(j.id)}>
                    Retry parked
                  </button>
                )}
              </div>
            </div>
          );
        })}
      </div>
    </aside>
  );
}
