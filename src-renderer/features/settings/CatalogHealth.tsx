import { useState } from 'react';
import type { MaintenanceKind } from '../../../src-shared/domain/job';
import { ErrorLine } from '../../lib/ErrorLine';
import { runningMaintenance, useJobsStore } from '../../stores/jobs';
import './settings.css';

const ACTIONS: { kind: MaintenanceKind; label: string; line: string }[] = [
  {
    kind: 'verify',
    label: 'Verify catalog',
    line: "Checks every file's checksum and readability; corrupt files are moved to .quarantine, never deleted.",
  },
  {
    kind: 'rebuild',
    label: 'Rebuild manifests',
    line: 'Recreates lost or stale manifests from the Parquet files.',
  },
];

/** Verify and rebuild, each a job in the Jobs panel; `onStarted` lets the dialog step aside for it. */
export function CatalogHealth({ onStarted }: { onStarted: () => void }) {
  const startMaintenance = useJobsStore((s) => s.startMaintenance);
  const running = useJobsStore((s) => runningMaintenance(s.jobs));
  const [error, setError] = useState<string | null>(null);

  const start = async (kind: MaintenanceKind) => {
    const failed = await startMaintenance(kind);
    setError(failed);
    if (!failed) onStarted();
  };

  return (
    <div className="catalog-health" data-testid="catalog-health">
      <div className="section-title">Catalog health</div>
      {ACTIONS.map((a) => (
        <div className="health-action" key={a.kind}>
          <button type="button" disabled={running !== undefined} onClick={() => void start(a.kind)}>
            {a.label}
          </button>
          <span className="muted">{a.line}</span>
        </div>
      ))}
      {running && <div className="muted">“{running.title}” is running; its progress is in Jobs.</div>}
      <ErrorLine text={error} />
    </div>
  );
}
