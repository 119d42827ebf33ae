import { useState } from 'react';
import type { ScheduleRule } from '../../../src-shared/domain/job-kinds/schedule';

const KINDS: [ScheduleRule['kind'], string][] = [
  ['every', 'Every N minutes'],
  ['hourly', 'Hourly'],
  ['daily', 'Daily at'],
  ['session-close', 'After each session close'],
];

/** The rule part of a schedule form (a series' or a group's): its state, its fields and the rule they make. */
export function useRuleForm(initial?: ScheduleRule) {
  const [kind, setKind] = useState<ScheduleRule['kind']>(initial?.kind ?? 'every');
  const [minutes, setMinutes] = useState(initial?.kind === 'every' ? String(initial.minutes) : '15');
  const [minute, setMinute] = useState(initial?.kind === 'hourly' ? String(initial.minute) : '5');
  const [at, setAt] = useState(initial?.kind === 'daily' ? initial.at : '18:00');
  const [zone, setZone] = useState(() =>
    initial?.kind === 'daily' ? initial.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  );
  const [delay, setDelay] = useState(initial?.kind === 'session-close' ? String(initial.delayMinutes) : '15');

  const rule = (calendar: string): ScheduleRule => {
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

  /** `calendarField` replaces the fixed "of CALENDAR" words where the calendar is chosen (a group). */
  const fields = (calendar: string, calendarField?: React.ReactNode) => (
    <>
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
          {calendarField ?? <span className="muted">of {calendar}, plus</span>}
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
    </>
  );
  return { rule, fields };
}
