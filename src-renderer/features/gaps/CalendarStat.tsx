import { useEffect, useState } from 'react';
import { api, errorText } from '../../api/client';

/** The series' trading calendar, changeable: gaps are judged by it (an import may have guessed wrong). */
export function CalendarStat({ id, calendar }: { id: string; calendar: string }) {
  const [names, setNames] = useState<string[]>([calendar]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .listCalendars({})
      .then(setNames)
      .catch((err: unknown) => setError(`Could not list calendars: ${errorText(err)}`));
  }, []);
  const change = async (next: string) => {
    setError(null);
    try {
      await api().setSeriesCalendar({ id, calendar: next });
    } catch (err) {
      setError(`Could not change the calendar: ${errorText(err)}`);
    }
  };
  return (
    <div className="stat">
      <span className="stat-label">Calendar</span>
      <select
        className="stat-value mono"
        aria-label="Calendar"
        data-testid="detail-calendar"
        value={calendar}
        onChange={(e) => void change(e.target.value)}
      >
        {[...new Set([calendar, ...names])].map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
      {error && <span className="error-line">{error}</span>}
    </div>
  );
}
