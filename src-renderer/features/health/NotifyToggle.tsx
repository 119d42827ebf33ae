import { useState } from 'react';
import { api, errorText } from '../../api/client';
import { useSeriesStore } from '../../stores/series';
import { allowNotifications } from './notify';

/** Per-series desktop notifications (off by default): when it goes stale or its update fails. */
export function NotifyToggle({ id }: { id: string }) {
  const on = useSeriesStore((s) => s.notifyOn[id] === true);
  const [error, setError] = useState<string | null>(null);
  const change = async (notify: boolean) => {
    setError(null);
    if (notify && !(await allowNotifications()))
      setError('The browser does not allow notifications from this page; allow them in its site settings.');
    try {
      await api().setSeriesHealth({ id, notify });
    } catch (err) {
      setError(`Could not change notifications: ${errorText(err)}`);
    }
  };
  return (
    <label className="check" title="A desktop notification when this series goes stale or its update fails">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => void change(e.target.checked)}
        data-testid="notify-toggle"
      />
      Notify me
      {error && <span className="error-line">{error}</span>}
    </label>
  );
}
