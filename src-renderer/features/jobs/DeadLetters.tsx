import { useEffect } from 'react';
import { useJobsStore } from '../../stores/jobs';
import { useSchedulesStore } from '../../stores/schedules';
import '../schedules/schedules.css';

/** Failures that repeat (parked ranges, schedules failing run after run) and one button to retry them. */
export function DeadLetters() {
  const { deadLetters, load, retryDead } = useSchedulesStore();
  // Reloaded whenever a job ends: a retry or a scheduled run may have cleared or added entries.
  const ended = useJobsStore((s) =>
    Object.values(s.jobs)
      .filter((j) => j.state !== 'running' && j.state !== 'queued')
      .length.toString(),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: ended re-reads the list when a job ends
  useEffect(() => {
    void load();
  }, [load, ended]);
  if (deadLetters.length === 0) return null;
  return (
    <div className="dead-letters" data-testid="dead-letters">
      <div className="section-title">Dead letters ({deadLetters.length})</div>
      {deadLetters.map((l) => (
        <div key={`${l.kind}-${l.id}`} className="dead-letter mono" data-testid="dead-letter">
          <span className="warn">
            {l.kind === 'parked' ? `parked: ${l.count}` : `failed runs: ${l.count}`}
            {l.permanent ? ' (refused for good)' : ''}
          </span>{' '}
          {l.series.join(', ') || l.id}: {l.reason}
        </div>
      ))}
      <button type="button" onClick={() => void retryDead()}>
        Retry dead letters
      </button>
    </div>
  );
}
