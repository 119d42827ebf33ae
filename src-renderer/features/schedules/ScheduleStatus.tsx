import type { ScheduleView } from '../../../src-shared/domain/job-kinds/schedule';
import { stateWords } from './rule-words';

/** A schedule's next run, last outcome and back-off, as a series' and a group's schedule rows show them. */
export function ScheduleStatus({ view }: { view: ScheduleView }) {
  const w = stateWords(view);
  return (
    <>
      <span className="muted" data-testid="schedule-next">
        {w.next}
      </span>
      <span className={view.state.lastOutcome === 'failed' ? 'warn' : 'muted'} data-testid="schedule-last">
        {w.last}
      </span>
      {w.backoff && (
        <span className="warn" data-testid="schedule-backoff">
          {w.backoff}
        </span>
      )}
    </>
  );
}
