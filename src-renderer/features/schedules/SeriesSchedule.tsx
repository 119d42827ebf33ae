import { useEffect, useState } from 'react';
import type { ScheduleRule } from '../../../src-shared/domain/job-kinds/schedule';
import { useSchedulesStore } from '../../stores/schedules';
import { ruleWords, stateWords } from './rule-words';
import './schedules.css';

const KINDS: [ScheduleRule['kind'], string][] = [
  ['every', 'Every N minutes'],
  ['hourly', 'Hourly'],
  ['daily', 'Daily at'],
  ['session-close', 'After each session close'],
];

/** "Keep current" of one series: its schedules with next run, last outcome and back-off; set or remove. */
export function SeriesSchedule({ id, calendar }: { id: string; calendar: string }) {
  const { schedules, load, set, remove, error } = useSchedulesStore();
  useEffect(() => {
    void load();
  }, [load]);
  const [kind, setKind] = useState<ScheduleRule['kind']>('every');
  const [minutes, setMinutes] = useState('15');
  const [minute, setMinute] = useState('5');
  const [at, setAt] = useState('18:00');
  const [zone, setZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [delay, setDelay] = useState('15');
  const [formError, setFormError] = useState<string | null>(null);
  const mine = schedules.filter((v) => 'series' in v.schedule.target && v.schedule.target.series === id);

  const rule = (): ScheduleRule => {
    switch (kind) {
      case 'every':
        return { kind, minutes: Number(minutes) };
      case 'hourly':
        return { kind, minute: Number(minute) };
      case 'daily':
        return { kind, at, timeZone: zone };
      case 'session-close':
        return { kind, calendar, delayMinutes: Number(delay) };
    }
  };
  const submit = async () => {
    setFormError(await set({ target: { series: id }, rule: rule() }));
  };

  return (
    <div className="series-schedule" data-testid="series-schedule">
      <span className="section-title">Keep current</span>
      {mine.map((v) => {
        const w = stateWords(v);
        return (
          <div
            key={v.schedule.id}
            className="schedule-row"
            data-testid="schedule-row"
            data-schedule-id={v.schedule.id}
          >
            <span className="schedule-rule">{ruleWords(v.schedule.rule)}</span>
            <span className="muted" data-testid="schedule-next">
              {w.next}
            </span>
            <span className={v.state.lastOutcome === 'failed' ? 'warn' : 'muted'} data-testid="schedule-last">
              {w.last}
            </span>
            {w.backoff && (
              <span className="warn" data-testid="schedule-backoff">
                {w.backoff}
              </span>
            )}
            <button type="button" className="ghost" onClick={() => void remove(v.schedule.id)}>
              Remove schedule
            </button>
          </div>
        );
      })}
      <div className="schedule-form">
        <select
          aria-label="Schedule kind"
          data-testid="schedule-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ScheduleRule['kind'])}
        >
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        {kind === 'every' && (
          <input
            aria-label="Minutes"
            data-testid="schedule-minutes"
            type="number"
            min={1}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        )}
        {kind === 'hourly' && (
          <input
            aria-label="Minute of the hour"
            type="number"
            min={0}
            max={59}
            value={minute}
            onChange={(e) => setMinute(e.target.value)}
          />
        )}
        {kind === 'daily' && (
          <>
            <input aria-label="Time" type="time" value={at} onChange={(e) => setAt(e.target.value)} />
            <input aria-label="Time zone" value={zone} onChange={(e) => setZone(e.target.value)} />
          </>
        )}
        {kind === 'session-close' && (
          <>
            <span className="muted">of {calendar}, plus</span>
            <input
              aria-label="Delay in minutes"
              type="number"
              min={0}
              value={delay}
              onChange={(e) => setDelay(e.target.value)}
            />
            <span className="muted">min</span>
          </>
        )}
        <button type="button" data-testid="set-schedule" onClick={() => void submit()}>
          Set schedule
        </button>
      </div>
      {(formError ?? error) && <div className="error-line">{formError ?? error}</div>}
    </div>
  );
}
