import { type MaintenanceResult, quarantinedCount } from '../../../src-shared/domain/job';
import { formatInt } from '../../lib/format';
import { plainReason, whatToDo } from './maintenance-view';
import './jobs.css';

// A badly damaged catalog can quarantine thousands of files: draw the first ones, count the rest.
const SHOWN = 50;

/** What a finished verify or rebuild found: the figures, then each quarantined file and what to do. */
export function MaintenanceSummary({ result, problems }: { result: MaintenanceResult; problems: string[] }) {
  const quarantined = quarantinedCount(result);
  return (
    <div className="maintenance" data-testid="maintenance-result">
      <div className="job-meta mono">
        <span>{formatInt(result.partitionsChecked)} checked</span>
        <span>{formatInt(result.ok)} OK</span>
        <span className={quarantined > 0 ? 'warn' : undefined}>{formatInt(quarantined)} quarantined</span>
        {result.kind === 'rebuild' && <span>{formatInt(result.manifestsWritten)} manifests rebuilt</span>}
        <span>{formatInt(result.seriesChanged.length)} series changed</span>
      </div>
      {result.quarantined.slice(0, SHOWN).map((q) => (
        <div className="quarantined" key={q.movedTo} data-quarantined={q.file}>
          <div className="mono quarantined-file" title={q.file}>
            {q.series ? `${q.series} · ` : ''}
            {q.file.split('/').at(-1)}
          </div>
          <div>{plainReason(q)}</div>
          <div className="muted">{whatToDo(q)}</div>
          <div className="muted mono quarantined-reason">{q.reason}</div>
        </div>
      ))}
      {quarantined > SHOWN && (
        <div className="muted">
          …and {formatInt(quarantined - SHOWN)} more files (“Copy findings” copies the list; each file has its
          reason in a .why.txt beside it in .quarantine).
        </div>
      )}
      {result.brokenManifests.map((line) => (
        <div className="quarantined" key={line}>
          <div>A manifest cannot be read; run “Rebuild manifests” in Settings to recreate it.</div>
          <div className="muted mono quarantined-reason">{line}</div>
        </div>
      ))}
      {problems.length > 0 && (
        <button
          type="button"
          className="ghost"
          onClick={() => void navigator.clipboard?.writeText(problems.join('\n'))}
        >
          Copy findings
        </button>
      )}
    </div>
  );
}
