import { useEffect, useState } from 'react';
import { ErrorLine } from '../../lib/ErrorLine';
import { useSchedulesStore } from '../../stores/schedules';
import { useRuleForm } from './rule-form';
import { ruleWords } from './rule-words';
import { ScheduleStatus } from './ScheduleStatus';
import './schedules.css';

/** "Keep current" of one series: its schedules with next run, last outcome and back-off; set or remove. */
export function SeriesSchedule({ id, calendar }: { id: string; calendar: string }) {
  const { schedules, load, set, remove, error } = useSchedulesStore();
  useEffect(() => {
    void load();
  }, [load]);
  const form = useRuleForm();
  const [formError, setFormError] = useState<string | null>(null);
  const mine = schedules.filter((v) => 'series' in v.schedule.target && v.schedule.target.series === id);

  const submit = async () => {
    setFormError(await set({ target: { series: id }, rule: form.rule(calendar) }));
  };

  return (
    <div className="series-schedule" data-testid="series-schedule">
      <span className="section-title">Keep current</span>
      {mine.map((v) => (
        <div
          key={v.schedule.id}
          className="schedule-row"
          data-testid="schedule-row"
          data-schedule-id={v.schedule.id}
        >
          <span className="schedule-rule">{ruleWords(v.schedule.rule)}</span>
          <ScheduleStatus view={v} />
          <button type="button" className="ghost" onClick={() => void remove(v.schedule.id)}>
            Remove schedule
          </button>
        </div>
      ))}
      <div className="schedule-form">
        {form.fields(calendar)}
        <button type="button" data-testid="set-schedule" onClick={() => void submit()}>
          Set schedule
        </button>
      </div>
      <ErrorLine text={formError ?? error} />
    </div>
  );
}
